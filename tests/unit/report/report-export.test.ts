import { describe, expect, test } from 'vitest';
import { tableFromArrays } from '../../../src/lib/ml/core/table';
import { buildReport } from '../../../src/lib/report/build-report';
import { reportHtml } from '../../../src/lib/report/report-html';
import { reportMarkdown } from '../../../src/lib/report/report-markdown';
import { scoresCsv } from '../../../src/lib/report/scores-csv';
import { reportSections, type ReportInputs, type ReportOptions } from '../../../src/lib/report/types';
import { smallInputs } from './report-fixture';
import { namesMoney } from '../../../src/lib/ml/features/roles';

const evil = '<script>alert(1)</script>';
const options: ReportOptions = { title: 'Q4 <b>report</b>', notes: 'Notes & "quotes"', sections: reportSections, generatedAt: '2026-12-05 14:00 UTC' };

describe('the standalone HTML report', () => {
  const inputs = smallInputs([evil, 'South', evil, 'East', 'South', '=HYPERLINK("x")']);
  inputs.segments = { ...inputs.segments!, names: [evil, 'Big spenders'] };
  const html = reportHtml(buildReport(inputs), options);

  test('a category named <script>…</script> appears as text, never as a tag', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('Q4 &#60;b&#62;report&#60;/b&#62;');
    expect(html).not.toContain('<b>');
  });

  test('no external reference: no http(s) URL, no src or href, no @import or url()', () => {
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/\s(src|href)=/i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  test('the headline numbers carry their hooks: at-risk share in percent, revenue at risk', () => {
    expect(html).toContain('data-metric="at_risk_share" data-value="60"');
    expect(html).toContain('data-metric="revenue_at_risk" data-value="980"');
  });

  test('the print stylesheet: A4 pages, a page break between sections, charts within the page and never cut', () => {
    expect(html).toMatch(/@page\s*\{[^}]*size:\s*A4/);
    expect(html).toMatch(/@media print[\s\S]*\.sec \+ \.sec \{ break-before: page/);
    expect(html).toMatch(/svg\.chart \{[^}]*max-width: 100%[^}]*break-inside: avoid/);
    expect(html.match(/<section class="sec"/g)?.length).toBe(reportSections.length);
  });

  test('only the chosen sections', () => {
    const only = reportHtml(buildReport(inputs), { ...options, sections: ['headline'] });
    expect(only.match(/<section class="sec"/g)?.length).toBe(1);
    expect(only).not.toContain('Segments');
  });
});

describe('a report of 100,000 customers', () => {
  test('stays under 2 MB: aggregates and top lists only', () => {
    const n = 100_000;
    const ids = Array.from({ length: n }, (_, i) => `customer-${i}`);
    // Every customer its own category level: the worst case for the distribution.
    const table = tableFromArrays('big.csv', { id: ids, city: ids.map((id) => `city ${id}`), spend: Float64Array.from({ length: n }, (_, i) => i % 997) }, { id: 'id' });
    const scores = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 1000);
    const inputs: ReportInputs = {
      table,
      idColumn: 'id',
      threshold: 0.5,
      category: 'city',
      risk: { model: 'GBM', target: 'churn', positive: 'yes', scores, actual: scores.map((s) => (s > 0.6 ? 1 : 0)), cvMetrics: {}, excluded: [], provenance: { summary: 'x', details: [] } },
      spend: { model: 'RF', target: 'spend', predictions: Float64Array.from({ length: n }, (_, i) => i % 500), cvMetrics: {}, excluded: [], provenance: { summary: 'y', details: [] } },
    };
    const report = buildReport(inputs);
    const html = reportHtml(report, options);
    expect(new TextEncoder().encode(html).length).toBeLessThan(2_000_000);
    expect(report.top).toHaveLength(20);
    expect(report.distribution?.rows).toHaveLength(13);
    expect(report.distribution?.otherLevels).toBe(n - 12);
    expect(report.risk?.atRisk).toBe(50_000);
  });
});

describe('the Markdown summary', () => {
  test('escapes the data’s text and keeps the numbers', () => {
    const inputs = smallInputs(['a|b', 'South', 'a|b', 'East', 'South', '<x>']);
    const text = reportMarkdown(buildReport(inputs), options);
    expect(text).toContain('a\\|b');
    expect(text).toContain('\\<x\\>');
    expect(text).toContain('**Customers at risk:** 60.0 %');
    expect(text).toContain('**Revenue at risk:** 980');
  });
});

describe('the per-customer scores CSV', () => {
  test('one row per customer; cells never formulas', () => {
    const inputs = smallInputs();
    inputs.segments = { ...inputs.segments!, names: ['=cmd|calc', 'Big spenders'] };
    const csv = scoresCsv(inputs);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('id,risk_probability,at_risk,predicted_spend,segment,persona');
    expect(lines).toHaveLength(7);
    expect(lines[1]).toBe("c1,0.1,no,110,1,'=cmd|calc");
    expect(lines[3]).toBe('c3,0.5,yes,310,2,Big spenders');
    expect(lines[6]).toBe('c6,,,600,,');
  });

  test('a cell with a comma, a quote or a line break is quoted as RFC 4180 says, and reads back whole', async () => {
    const inputs = smallInputs();
    inputs.segments = { ...inputs.segments!, names: ['Big, "loyal"\nones', '-1+2'] };
    const csv = scoresCsv(inputs);
    expect(csv).toContain('c1,0.1,no,110,1,"Big, ""loyal""\nones"\r\n');
    expect(csv).toContain("c3,0.5,yes,310,2,'-1+2\r\n");
    const Papa = (await import('papaparse')).default;
    const parsed = Papa.parse<string[]>(csv.trim(), { newline: '\r\n' }).data;
    expect(parsed).toHaveLength(7);
    expect(parsed[1][5]).toBe('Big, "loyal"\nones');
  });
});

describe('revenue at risk is called revenue only when the spend target names money', () => {
  test('a target such as tenure gives "Predicted tenure at risk" and says why, in HTML and Markdown', () => {
    const base = smallInputs();
    const inputs: ReportInputs = { ...base, spend: base.spend && { ...base.spend, target: 'tenure' } };
    const report = buildReport(inputs);
    expect(report.revenueAtRisk?.isMoney).toBe(false);
    const html = reportHtml(report, options);
    expect(html).toContain('<h3>Predicted tenure at risk</h3>');
    expect(html).not.toContain('<h3>Revenue at risk</h3>');
    expect(html).toContain('“tenure” does not name an amount of money');
    expect(reportMarkdown(report, options)).toContain('**Predicted tenure at risk:** 980');
    expect(buildReport(smallInputs()).revenueAtRisk?.isMoney).toBe(true);
  });

  test('names of money', () => {
    for (const name of ['purchase_amount', 'MonthlyCharges', 'TotalCharges', 'Revenue', 'clv_12m', 'MntWines', 'spend']) expect(namesMoney(name), name).toBe(true);
    for (const name of ['tenure', 'loyalty_score', 'age', 'purchase_frequency', 'Recency']) expect(namesMoney(name), name).toBe(false);
  });
});
