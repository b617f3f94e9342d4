/**
 * reportHtml: the report as one standalone HTML file. Inline CSS, charts as inline SVG, no script and
 * no external reference of any kind, so it opens offline and from disk; every piece of text is
 * escaped. A print stylesheet gives clean A4 pages with "Save as PDF" (a page break between sections,
 * charts never cut nor wider than the page).
 */
import { atRiskTitle, escapeHtml as esc, formatAmount, formatCount, formatMetric, formatPercent, notMoney } from './format';
import { reportCss } from './report-css';
import { svgBars } from './svg-bars';
import { sectionTitles, type Provenance, type Report, type ReportOptions, type ReportSection } from './types';

/** Clustered columns whose segment means the segment table lists. */
const maxKeyMeans = 6;

/** A number with its CONTRACT hook (`data-metric`, `data-value`). */
function metric(name: string, value: number, text: string): string {
  return `<span data-metric="${esc(name)}" data-value="${Number.isFinite(value) ? String(value) : 'NaN'}">${esc(text)}</span>`;
}

/** The provenance of a number, one click away. */
function provenance(p: Provenance): string {
  const rows = p.details.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  return `<details class="prov"><summary>Where this comes from</summary><p>${esc(p.summary)}</p>${rows ? `<dl>${rows}</dl>` : ''}</details>`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[], numericFrom = 1): string {
  const th = head.map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${i >= numericFrom ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function headline(report: Report): string {
  const { risk, spend, revenueAtRisk: rev } = report;
  const cards: string[] = [];
  if (risk) {
    cards.push(
      `<div class="card"><h3>Customers at risk</h3><p class="big">${metric('at_risk_share', risk.share * 100, formatPercent(risk.share))}</p>` +
        `<p>${metric('at_risk_count', risk.atRisk, formatCount(risk.atRisk))} of ${esc(formatCount(risk.scored))} scored customers have a probability of ${esc(risk.target)} = ${esc(risk.positive)} of at least ${esc(String(risk.threshold))}${risk.thresholdSource ? ` (${esc(risk.thresholdSource)})` : ''}.</p>` +
        (Number.isFinite(risk.precision) || Number.isFinite(risk.recall)
          ? `<p class="muted">${esc(risk.model)}: precision ${metric('at_risk_precision', risk.precision, formatMetric(risk.precision))}, recall ${metric('at_risk_recall', risk.recall, formatMetric(risk.recall))} at this threshold (pooled out-of-fold).</p>`
          : '') +
        `<p class="muted">${esc(risk.model)}, cross-validation means at threshold 0.5: precision ${esc(formatMetric(risk.cvMetrics.precision ?? NaN))}, recall ${esc(formatMetric(risk.cvMetrics.recall ?? NaN))}, ROC AUC ${esc(formatMetric(risk.cvMetrics.roc_auc ?? NaN))}.</p>` +
        (risk.unscored ? `<p class="muted">${esc(formatCount(risk.unscored))} customers have no out-of-fold score (held-out test set or no label) and are not counted.</p>` : '') +
        `${provenance(risk.provenance)}</div>`,
    );
  }
  if (spend) {
    cards.push(
      `<div class="card"><h3>Predicted ${esc(spend.target)}</h3><p class="big">${metric('mean_predicted_spend', spend.mean, formatAmount(spend.mean))}</p>` +
        `<p>per customer on average; ${metric('total_predicted_spend', spend.total, formatAmount(spend.total, 0))} in total over ${esc(formatCount(spend.scored))} customers.</p>` +
        `<p class="muted">${esc(spend.model)}: R² ${esc(formatMetric(spend.cvMetrics.r2 ?? NaN))}, RMSE ${esc(formatAmount(spend.cvMetrics.rmse ?? NaN))} (means over folds).</p>${provenance(spend.provenance)}</div>`,
    );
  }
  if (rev) {
    cards.push(
      `<div class="card"><h3>${esc(atRiskTitle(rev, spend?.target ?? ''))}</h3><p class="big">${metric('revenue_at_risk', rev.value, formatAmount(rev.value, 0))}</p>` +
        `<p>predicted ${esc(spend?.target ?? '')} of the ${esc(formatCount(rev.customers))} customers at risk${rev.withoutSpend ? ` (${esc(formatCount(rev.withoutSpend))} at risk without a spend prediction are not counted)` : ''}.</p>` +
        `${rev.isMoney ? '' : `<p class="muted">${esc(notMoney(spend?.target ?? ''))}</p>`}${provenance(rev.provenance)}</div>`,
    );
  }
  const missing = report.missing.length ? `<ul class="missing">${report.missing.map((m) => `<li>${esc(m.text)}</li>`).join('')}</ul>` : '';
  return `<div class="cards">${cards.join('')}</div>${missing}`;
}

function distribution(report: Report): string {
  const d = report.distribution;
  if (!d) return '<p class="muted">No category chosen.</p>';
  const hasRisk = !!report.risk;
  const hasSpend = !!report.spend;
  const head = [d.column, 'Customers', 'Share', ...(hasRisk ? ['At risk', 'At-risk share'] : []), ...(hasSpend ? ['Mean predicted spend'] : []), ...(hasRisk && hasSpend ? [report.revenueAtRisk ? atRiskTitle(report.revenueAtRisk, report.spend?.target ?? '') : 'Revenue at risk'] : [])];
  const rows = d.rows.map((r) => [
    r.level,
    formatCount(r.count),
    formatPercent(r.share),
    ...(hasRisk ? [formatCount(r.atRisk), formatPercent(r.atRiskShare)] : []),
    ...(hasSpend ? [formatAmount(r.meanSpend)] : []),
    ...(hasRisk && hasSpend ? [formatAmount(r.revenueAtRisk, 0)] : []),
  ]);
  const chart = svgBars(
    d.rows.map((r) => ({ label: r.level, value: r.count, text: `${formatCount(r.count)} (${formatPercent(r.share)})` })),
    { title: `Customers by ${d.column}` },
  );
  const notes = [d.missing ? `${formatCount(d.missing)} customers have no ${d.column}.` : '', d.otherLevels ? `The ${d.otherLevels} smallest levels are grouped as Other.` : ''].filter(Boolean);
  return `${chart}${table(head, rows)}${notes.map((n) => `<p class="muted">${esc(n)}</p>`).join('')}<p class="muted">At risk and spend per level come from the runs of the headline numbers.</p>`;
}

function segments(report: Report): string {
  const s = report.segments;
  if (!s) return '<p class="muted">No segments yet: run the Segments page’s sweep.</p>';
  const features = s.rows[0]?.means.map((m) => m.feature) ?? [];
  const head = ['Segment', 'Persona', 'Recommended action', 'Key means', 'Customers', 'Share', 'Mean predicted spend', 'Total predicted spend', 'At-risk share'];
  const rows = s.rows.map((r) => [
    String(r.segment),
    r.name,
    r.action,
    r.means.slice(0, maxKeyMeans).map((m) => `${m.feature} ${formatAmount(m.value)}`).join('; '),
    formatCount(r.size),
    formatPercent(r.share),
    formatAmount(r.meanSpend),
    formatAmount(r.totalSpend, 0),
    formatPercent(r.atRiskShare),
  ]);
  const chart = svgBars(
    s.rows.map((r) => ({ label: `${r.segment}. ${r.name}`, value: r.size, text: `${formatCount(r.size)} (${formatPercent(r.share)})` })),
    { title: 'Customers per segment' },
  );
  const overall = features.length ? `<p class="muted">All clustered customers: ${esc(s.rows[0].means.map((m) => `${m.feature} ${formatAmount(m.overall)}`).join(', '))}.</p>` : '';
  const unassigned = s.unassigned ? `<p class="muted">${esc(formatCount(s.unassigned))} customers are in no segment (a clustered value missing).</p>` : '';
  return `${chart}<div class="wide">${table(head, rows, 4)}</div>${overall}${unassigned}${provenance(s.provenance)}`;
}

function drivers(report: Report): string {
  const d = report.drivers;
  if (!d) return '<p class="muted">No explanation of the risk model yet.</p>';
  const chart = svgBars(
    d.items.map((i) => ({ label: i.feature, value: Math.abs(i.value), text: formatMetric(i.value) })),
    { title: `Top drivers: ${d.measure}` },
  );
  const caveat = d.caveat ? `<p class="caveat">${esc(d.caveat)}</p>` : '';
  return `<p>${esc(d.measure)}</p>${chart}${caveat}${provenance(d.provenance)}`;
}

function quality(report: Report): string {
  const q = report.quality;
  const items: string[] = [`${formatCount(q.rows)} customers, ${formatCount(q.columns)} columns.`];
  if (q.duplicates) items.push(`${formatCount(q.duplicates.count)} rows repeat an earlier row on every feature and the target${q.duplicates.count ? (q.duplicates.grouped ? ' (kept in the same fold)' : ` (${q.duplicates.reason})`) : ''}.`);
  else items.push('Duplicates are counted by a Risk run.');
  items.push(q.missing.length ? `Missing values: ${q.missing.map((m) => `${m.column} ${formatCount(m.count)} (${formatPercent(m.share)})`).join(', ')}${q.moreMissing ? `, and ${q.moreMissing} more columns` : ''}.` : 'No missing values.');
  const exclusions = q.exclusions.length ? `<h3>Left out of the models</h3>${table(['Column', 'Model', 'Why'], q.exclusions.map((e) => [e.column, e.model, e.reason]), 9)}` : '';
  return `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>${exclusions}`;
}

function top(report: Report): string {
  if (!report.risk) return '<p class="muted">No Risk run yet.</p>';
  if (!report.top.length) return '<p class="muted">No customer is at risk at this threshold.</p>';
  const hasSpend = !!report.spend;
  const hasSeg = report.top.some((t) => t.segment);
  const head = [report.idLabel, 'Risk', ...(hasSpend ? [`Predicted ${report.spend!.target}`] : []), ...(hasSeg ? ['Segment'] : [])];
  const rows = report.top.map((t) => [t.id, formatMetric(t.risk), ...(hasSpend ? [formatAmount(t.spend)] : []), ...(hasSeg ? [t.segment] : [])]);
  const by = hasSpend ? 'highest predicted spend' : 'highest risk (no spend model yet)';
  return `<p class="muted">The ${report.top.length} at-risk customers with the ${esc(by)}; every customer’s scores are in the CSV export.</p>${table(head, rows, 1)}`;
}

const renderers: Record<ReportSection, (report: Report) => string> = { headline, distribution, segments, drivers, quality, top };

/** The body of the report (header and chosen sections), without the document around it: the app's preview shows the same. */
export function reportBody(report: Report, options: ReportOptions): string {
  const notes = options.notes.trim() ? options.notes.trim().split(/\n{2,}/).map((p) => `<p class="notes">${esc(p)}</p>`).join('') : '';
  const header =
    `<header><h1>${esc(options.title || 'Customer report')}</h1>` +
    `<p class="muted">${esc(report.dataset.name)}: ${esc(formatCount(report.dataset.rows))} customers, ${esc(formatCount(report.dataset.columns))} columns. Made ${esc(options.generatedAt)} in the browser; nothing was uploaded.</p>${notes}</header>`;
  const sections = options.sections.map((id) => `<section class="sec" id="sec-${id}"><h2>${esc(sectionTitles[id])}</h2>${renderers[id](report)}</section>`);
  return header + sections.join('');
}

/** The report as one standalone HTML document (UTF-8). */
export function reportHtml(report: Report, options: ReportOptions): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(options.title || 'Customer report')}</title><style>${reportCss}</style></head><body><main class="report">${reportBody(report, options)}</main></body></html>`;
}
