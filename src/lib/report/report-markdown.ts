/** reportMarkdown: the report's summary in Markdown (headline numbers, tables, top list), every piece of the data's text escaped. */
import { atRiskTitle, escapeMarkdown as md, formatAmount, formatCount, formatMetric, formatPercent, notMoney } from './format';
import { sectionTitles, type Report, type ReportOptions, type ReportSection } from './types';

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(md).join(' | ')} |`;
  return [line(head), `|${head.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

function headline(r: Report): string {
  const lines: string[] = [];
  if (r.risk) {
    lines.push(`- **Customers at risk:** ${formatPercent(r.risk.share)} (${formatCount(r.risk.atRisk)} of ${formatCount(r.risk.scored)} scored), probability of ${md(r.risk.target)} = ${md(r.risk.positive)} at least ${r.risk.threshold}; ${md(r.risk.model)}, precision ${formatMetric(r.risk.precision)}, recall ${formatMetric(r.risk.recall)} at this threshold (pooled out-of-fold). _Source: ${md(r.risk.provenance.summary)}._`);
  }
  if (r.spend) lines.push(`- **Predicted ${md(r.spend.target)}:** ${formatAmount(r.spend.mean)} per customer on average, ${formatAmount(r.spend.total, 0)} in total. _Source: ${md(r.spend.provenance.summary)}._`);
  if (r.revenueAtRisk) {
    const target = r.spend?.target ?? '';
    lines.push(`- **${md(atRiskTitle(r.revenueAtRisk, target))}:** ${formatAmount(r.revenueAtRisk.value, 0)} (predicted ${md(target)} of ${formatCount(r.revenueAtRisk.customers)} at-risk customers).${r.revenueAtRisk.isMoney ? '' : ` ${md(notMoney(target))}`}`);
  }
  for (const m of r.missing) lines.push(`- ${md(m.text)}`);
  return lines.join('\n');
}

function distribution(r: Report): string {
  const d = r.distribution;
  if (!d) return 'No category chosen.';
  return table(
    [d.column, 'Customers', 'Share', 'At-risk share', 'Mean predicted spend'],
    d.rows.map((x) => [x.level, formatCount(x.count), formatPercent(x.share), formatPercent(x.atRiskShare), formatAmount(x.meanSpend)]),
  );
}

function segments(r: Report): string {
  const s = r.segments;
  if (!s) return 'No segments yet.';
  return table(
    ['Segment', 'Persona', 'Action', 'Customers', 'Share', 'Mean predicted spend', 'At-risk share'],
    s.rows.map((x) => [String(x.segment), x.name, x.action, formatCount(x.size), formatPercent(x.share), formatAmount(x.meanSpend), formatPercent(x.atRiskShare)]),
  );
}

function drivers(r: Report): string {
  const d = r.drivers;
  if (!d) return 'No explanation of the risk model yet.';
  return [`${md(d.measure)}:`, '', ...d.items.map((i, n) => `${n + 1}. ${md(i.feature)}: ${formatMetric(i.value)}`), ...(d.caveat ? ['', `> ${md(d.caveat)}`] : [])].join('\n');
}

function quality(r: Report): string {
  const q = r.quality;
  return [
    `- ${formatCount(q.rows)} customers, ${formatCount(q.columns)} columns.`,
    q.duplicates ? `- ${formatCount(q.duplicates.count)} duplicate rows.` : '',
    q.missing.length ? `- Missing values: ${q.missing.map((m) => `${md(m.column)} ${formatCount(m.count)}`).join(', ')}.` : '- No missing values.',
    ...q.exclusions.map((e) => `- ${md(e.column)} left out of the ${md(e.model)} model: ${md(e.reason)}`),
  ]
    .filter(Boolean)
    .join('\n');
}

function top(r: Report): string {
  if (!r.top.length) return 'No customer at risk listed.';
  return table([r.idLabel, 'Risk', 'Predicted spend', 'Segment'], r.top.map((t) => [t.id, formatMetric(t.risk), formatAmount(t.spend), t.segment]));
}

const renderers: Record<ReportSection, (r: Report) => string> = { headline, distribution, segments, drivers, quality, top };

/** The report in Markdown. */
export function reportMarkdown(report: Report, options: ReportOptions): string {
  const head = [`# ${md(options.title || 'Customer report')}`, '', `${md(report.dataset.name)}: ${formatCount(report.dataset.rows)} customers. Made ${md(options.generatedAt)}.`];
  if (options.notes.trim()) head.push('', md(options.notes.trim()));
  const body = options.sections.map((id) => `## ${sectionTitles[id]}\n\n${renderers[id](report)}`);
  return [...head, '', ...body.flatMap((b) => [b, ''])].join('\n');
}
