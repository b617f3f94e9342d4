/**
 * buildReport: the KPI report of the current dataset from the latest runs' per-customer numbers.
 * Customers at risk are those whose risk probability is at or above the threshold; revenue at risk
 * is the predicted spend of those customers. Every number keeps the provenance of its run.
 */
import { cellText, isMissing, type Column } from '../ml/core/table';
import { distributionBy, topRows, type RowNumbers } from './aggregates';
import type { MissingPart, QualityNotes, Report, ReportInputs, RevenueAtRisk, RiskSummary, SegmentTable, SpendSummary, TopCustomer } from './types';
import { namesMoney } from '../ml/features/roles';

/** Customers in the top list. */
export const topCount = 20;
/** Columns listed with their missing values. */
const maxMissingListed = 15;

/** Per row: 1 at risk, 0 not, NaN unscored. */
function atRiskOf(scores: Float64Array, threshold: number): Float64Array {
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    out[i] = s !== s ? NaN : s >= threshold ? 1 : 0;
  }
  return out;
}

function riskSummary(inputs: ReportInputs, atRisk: Float64Array): RiskSummary | null {
  const risk = inputs.risk;
  if (!risk) return null;
  let scored = 0;
  let flagged = 0;
  let tp = 0;
  let positives = 0;
  for (let i = 0; i < atRisk.length; i++) {
    if (Number.isNaN(atRisk[i])) continue;
    scored++;
    flagged += atRisk[i];
    if (risk.actual[i] === 1) {
      positives++;
      tp += atRisk[i];
    }
  }
  return {
    model: risk.model,
    target: risk.target,
    positive: risk.positive,
    threshold: inputs.threshold,
    thresholdSource: inputs.thresholdSource ?? '',
    scored,
    unscored: atRisk.length - scored,
    atRisk: flagged,
    share: scored ? flagged / scored : NaN,
    precision: flagged ? tp / flagged : NaN,
    recall: positives ? tp / positives : NaN,
    cvMetrics: risk.cvMetrics,
    provenance: risk.provenance,
  };
}

function spendSummary(inputs: ReportInputs): SpendSummary | null {
  const spend = inputs.spend;
  if (!spend) return null;
  let scored = 0;
  let total = 0;
  for (const v of spend.predictions) {
    if (!Number.isFinite(v)) continue;
    scored++;
    total += v;
  }
  return { model: spend.model, target: spend.target, scored, total, mean: scored ? total / scored : NaN, cvMetrics: spend.cvMetrics, provenance: spend.provenance };
}

function revenueAtRisk(inputs: ReportInputs, atRisk: Float64Array | null): RevenueAtRisk | null {
  const { risk, spend } = inputs;
  if (!risk || !spend || !atRisk) return null;
  let value = 0;
  let customers = 0;
  let withoutSpend = 0;
  for (let i = 0; i < atRisk.length; i++) {
    if (atRisk[i] !== 1) continue;
    const s = spend.predictions[i];
    if (Number.isFinite(s)) {
      value += s;
      customers++;
    } else withoutSpend++;
  }
  return {
    value,
    customers,
    withoutSpend,
    isMoney: namesMoney(spend.target),
    provenance: {
      summary: `Sum of the predicted ${spend.target} of the customers whose probability of ${risk.target} = ${risk.positive} is at least ${inputs.threshold}`,
      details: [
        ['Risk model', risk.provenance.summary],
        ['Spend model', spend.provenance.summary],
        ['Threshold', String(inputs.threshold)],
        ['At-risk customers counted', String(customers)],
        ...(withoutSpend ? ([['At-risk customers without a spend prediction (not counted)', String(withoutSpend)]] as [string, string][]) : []),
      ],
    },
  };
}

function segmentTable(inputs: ReportInputs, numbers: RowNumbers): SegmentTable | null {
  const seg = inputs.segments;
  if (!seg) return null;
  const k = seg.k;
  const size = new Float64Array(k);
  const scored = new Float64Array(k);
  const flagged = new Float64Array(k);
  const spendSum = new Float64Array(k);
  const spendCount = new Float64Array(k);
  let unassigned = 0;
  for (let i = 0; i < seg.segmentOfRow.length; i++) {
    const s = seg.segmentOfRow[i];
    if (s < 0 || s >= k) {
      unassigned++;
      continue;
    }
    size[s]++;
    const r = numbers.atRisk ? numbers.atRisk[i] : NaN;
    if (!Number.isNaN(r)) {
      scored[s]++;
      flagged[s] += r;
    }
    const v = numbers.spend ? numbers.spend[i] : NaN;
    if (Number.isFinite(v)) {
      spendSum[s] += v;
      spendCount[s]++;
    }
  }
  const assigned = seg.segmentOfRow.length - unassigned;
  const d = seg.features.length;
  const rows = Array.from({ length: k }, (_, s) => ({
    segment: s + 1,
    name: seg.names[s] ?? `Segment ${s + 1}`,
    action: seg.actions[s] ?? '',
    size: size[s],
    share: assigned ? size[s] / assigned : NaN,
    means: seg.features.map((feature, f) => ({ feature, value: seg.means[s * d + f], overall: seg.overallMeans[f] })),
    meanSpend: spendCount[s] ? spendSum[s] / spendCount[s] : NaN,
    totalSpend: spendCount[s] ? spendSum[s] : NaN,
    atRiskShare: scored[s] ? flagged[s] / scored[s] : NaN,
  }));
  return { k, rows, unassigned, provenance: seg.provenance };
}

/** Missing counts by column array (a column's values never change; a new table has new arrays): a new threshold does not count again. */
const missingCounts = new WeakMap<object, number>();

function missingCount(c: Column): number {
  const values = c.storage === 'category' ? c.codes : c.values;
  let count = missingCounts.get(values);
  if (count === undefined) {
    count = 0;
    if (c.storage === 'category') for (const code of c.codes) count += code < 0 ? 1 : 0;
    else for (const v of c.values) count += Number.isNaN(v) ? 1 : 0;
    missingCounts.set(values, count);
  }
  return count;
}

function qualityNotes(inputs: ReportInputs): QualityNotes {
  const { table, risk, spend } = inputs;
  const missing = table.columns
    .map((c) => {
      const count = missingCount(c);
      return { column: c.name, count, share: table.rowCount ? count / table.rowCount : 0 };
    })
    .filter((m) => m.count > 0)
    .sort((a, b) => b.count - a.count);
  const dup = risk?.duplicates ?? null;
  return {
    rows: table.rowCount,
    columns: table.columns.length,
    duplicates: dup ? { count: dup.count, grouped: dup.grouped, reason: dup.reason } : null,
    missing: missing.slice(0, maxMissingListed),
    moreMissing: Math.max(0, missing.length - maxMissingListed),
    exclusions: [
      ...(risk?.excluded ?? []).map((e) => ({ ...e, model: `risk (${risk!.model})` })),
      ...(spend?.excluded ?? []).map((e) => ({ ...e, model: `spend (${spend!.model})` })),
    ],
  };
}

function topCustomers(inputs: ReportInputs, numbers: RowNumbers): TopCustomer[] {
  const { table, risk, spend, segments } = inputs;
  const atRisk = numbers.atRisk;
  if (!risk || !atRisk) return [];
  const idCol = inputs.idColumn ? table.columns.find((c) => c.name === inputs.idColumn) : undefined;
  const value = spend ? (row: number) => (Number.isFinite(spend.predictions[row]) ? spend.predictions[row] : -Infinity) : (row: number) => risk.scores[row];
  const rows = topRows(table.rowCount, topCount, (row) => atRisk[row] === 1, value);
  return rows.map((row) => {
    const s = segments?.segmentOfRow[row] ?? -1;
    return {
      id: idCol && !isMissing(idCol, row) ? cellText(idCol, row) : `row ${row + 1}`,
      risk: risk.scores[row],
      spend: spend ? spend.predictions[row] : NaN,
      segment: segments && s >= 0 ? (segments.names[s] ?? `Segment ${s + 1}`) : '',
    };
  });
}

function missingParts(inputs: ReportInputs): MissingPart[] {
  const parts: MissingPart[] = [];
  if (!inputs.risk) parts.push({ part: 'risk', text: 'No Risk run yet: cross-validate the Risk page’s models to know who is at risk.' });
  if (!inputs.spend) parts.push({ part: 'spend', text: 'No Predict run yet: cross-validate the Predict page’s models to predict each customer’s spend.' });
  if (!inputs.segments) parts.push({ part: 'segments', text: 'No segments yet: run the Segments page’s sweep.' });
  if (inputs.risk && !inputs.drivers) parts.push({ part: 'drivers', text: 'No drivers yet: explain the Risk page’s model (permutation importance, SHAP).' });
  return parts;
}

/** The report of `inputs`: headline numbers, distribution, segments, drivers, data quality and the top list. */
export function buildReport(inputs: ReportInputs): Report {
  const { table, risk, spend } = inputs;
  for (const [name, array] of [['risk scores', risk?.scores], ['risk labels', risk?.actual], ['spend predictions', spend?.predictions], ['segments', inputs.segments?.segmentOfRow]] as const) {
    if (array && array.length !== table.rowCount) throw new Error(`The ${name} have ${array.length} rows; the table has ${table.rowCount}`);
  }
  const atRisk = risk ? atRiskOf(risk.scores, inputs.threshold) : null;
  const numbers: RowNumbers = { atRisk, spend: spend?.predictions ?? null };
  const category = inputs.category && table.columns.some((c) => c.name === inputs.category) ? inputs.category : null;
  return {
    dataset: { name: table.name, rows: table.rowCount, columns: table.columns.length },
    risk: riskSummary(inputs, atRisk ?? new Float64Array(0)),
    spend: spendSummary(inputs),
    revenueAtRisk: revenueAtRisk(inputs, atRisk),
    distribution: category ? distributionBy(table, category, numbers) : null,
    segments: segmentTable(inputs, numbers),
    drivers: inputs.drivers ?? null,
    quality: qualityNotes(inputs),
    top: topCustomers(inputs, numbers),
    idLabel: inputs.idColumn ?? 'row',
    missing: missingParts(inputs),
  };
}
