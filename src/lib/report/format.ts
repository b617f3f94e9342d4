/** How the report writes numbers and escapes text (the same in the app, the HTML file and the Markdown). */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count with thousands separators ("12,345"); "–" when not a number. */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? grouped.format(n) : '–';
}

/** An amount: thousands separators, `digits` decimals below 1,000 (default 2) and none from 1,000 up; "–" when not a number. */
export function formatAmount(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return '–';
  const d = Math.abs(n) < 1000 ? digits : 0;
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }).format(n);
}

/** A fraction in percent with one decimal ("21.4 %"); "–" when not a number. */
export function formatPercent(fraction: number, digits = 1): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)} %` : '–';
}

/** A metric in three decimals; "–" when not a number. */
export function formatMetric(n: number): string {
  return Number.isFinite(n) ? n.toFixed(3) : '–';
}

/** `text` made safe for HTML text and attribute values (& < > " ' escaped). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `text` made safe for Markdown: every character Markdown or HTML reads specially is backslash-escaped, and line breaks become spaces. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()<>#+\-.!|~&]/g, (c) => `\\${c}`);
}

/** The title of the at-risk sum: "Revenue at risk" when the spend target names money, else what it sums. */
export function atRiskTitle(revenue: { isMoney: boolean }, target: string): string {
  return revenue.isMoney ? 'Revenue at risk' : `Predicted ${target} at risk`;
}

/** Why an at-risk sum is not called revenue. */
export function notMoney(target: string): string {
  return `“${target}” does not name an amount of money, so this is not revenue: choose a spend column (amount, charges, revenue…) as Predict's target to count revenue at risk.`;
}
