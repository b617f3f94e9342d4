/**
 * Category labels that fit: a long feature or level name (`PaymentMethod_Bank transfer (automatic)`)
 * is cut with an ellipsis on the axis, and the chart keeps the full text for the hover. Plotly draws
 * `ticktext` at `tickvals`, so the traces keep the full names as categories and only the ticks are short.
 */
import { safeCategory } from './plotly-safe';

/** Characters of a tick label before it is cut. */
export const defaultLabelChars = 28;

/** Approximate width of one character of Plotly's 12 px font, in pixels (digits and capitals run wider than 6). */
const charPx = 7;

/** `text` cut to `max` characters (code points, so an emoji is never split), the last one an ellipsis. */
export function truncateLabel(text: string, max = defaultLabelChars): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('').trimEnd()}…`;
}

/** Tick settings of a category axis: the categories as drawn (made safe like the traces) and their cut labels. */
export function categoryTicks(labels: readonly string[], max = defaultLabelChars): { tickmode: 'array'; tickvals: unknown[]; ticktext: string[]; automargin: true } {
  return { tickmode: 'array', tickvals: labels.map((l) => safeCategory(l)), ticktext: labels.map((l) => truncateLabel(l, max)), automargin: true };
}

/** A left margin (px) wide enough for the longest cut label, plus room for the tick and a gap. */
export function labelMargin(labels: readonly string[], max = defaultLabelChars, min = 60): number {
  const longest = labels.reduce((m, l) => Math.max(m, Array.from(truncateLabel(l, max)).length), 0);
  return Math.max(min, Math.ceil(longest * charPx) + 16);
}

/** A chart height that gives each of `rows` category rows at least `rowPx` pixels, plus `chrome` for margins and axis titles. */
export function rowsHeight(rows: number, rowPx = 18, chrome = 80, min = 200): number {
  return Math.max(min, Math.ceil(rows * rowPx + chrome));
}
