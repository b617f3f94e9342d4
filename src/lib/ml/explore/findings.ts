/**
 * Findings: what the data says that matters for modelling, in plain sentences with
 * their numbers (collinearity, rare categories, duplicates, missing values, constant
 * columns, skew, outliers, ids offered as features). Generated from the data only.
 */
import { categoryCounts } from '../stats/category-counts';
import { correlationMatrix } from '../stats/correlation';
import { countDistinct } from '../stats/distinct';
import { duplicateRows } from '../stats/duplicate-rows';
import { momentsOf } from '../stats/moments';
import { iqrOutliers } from '../stats/outliers';
import { varianceInflation } from '../stats/vif';
import type { Column, NumberColumn, Table } from '../core/table';
import { isIdLike } from '../data/ids';

export { isIdLike } from '../data/ids';

/** How much a finding should worry the user. */
export type FindingSeverity = 'critical' | 'warning' | 'info';

/** One finding. */
export interface Finding {
  /** Stable id, e.g. 'duplicates' or 'missing:income'. */
  id: string;
  severity: FindingSeverity;
  /** What was found, with its number. */
  sentence: string;
  /** What it means for modelling. */
  meaning: string;
  /** Columns it is about. */
  columns: string[];
}

/** Thresholds of {@link findFindings}. */
export interface FindingsOptions {
  /** |r| from which two numeric columns count as strongly correlated. */
  strongCorrelation: number;
  /** VIF from which a column counts as collinear. */
  highVif: number;
  /** A category is rare below this share of rows… */
  rareShare: number;
  /** …and below this many rows. */
  rareCount: number;
  /** |skewness| from which a column counts as strongly skewed. */
  strongSkew: number;
  /** Categorical columns with more levels than this are not checked for rare levels. */
  maxLevels: number;
}

/** Default thresholds. */
export const defaultFindingsOptions: FindingsOptions = {
  strongCorrelation: 0.9,
  highVif: 10,
  rareShare: 0.05,
  rareCount: 30,
  strongSkew: 1,
  maxLevels: 50,
};

const numberWords = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const countWord = (n: number) => numberWords[n] ?? String(n);
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;
const list = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
const severityOrder: Record<FindingSeverity, number> = { critical: 0, warning: 1, info: 2 };

function nonMissing(column: Column): number {
  let n = 0;
  if (column.storage === 'category') for (let i = 0; i < column.codes.length; i++) n += column.codes[i] >= 0 ? 1 : 0;
  else for (let i = 0; i < column.values.length; i++) n += Number.isNaN(column.values[i]) ? 0 : 1;
  return n;
}

const usable = (c: Column) => c.role !== 'ignore' && c.role !== 'id' && c.type !== 'id' && c.type !== 'text';

function collinearityFindings(numeric: NumberColumn[], o: FindingsOptions): Finding[] {
  if (numeric.length < 2) return [];
  const m = correlationMatrix(numeric, 'pearson');
  const k = numeric.length;
  let minAbs = Infinity;
  const strong: { a: string; b: string; r: number }[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const r = m.values[i * k + j];
      const a = Number.isNaN(r) ? 0 : Math.abs(r);
      minAbs = Math.min(minAbs, a);
      if (a >= o.strongCorrelation) strong.push({ a: numeric[i].name, b: numeric[j].name, r });
    }
  }
  const vifs = varianceInflation(numeric).filter((v) => !Number.isNaN(v.vif));
  const high = vifs.filter((v) => v.vif >= o.highVif);
  const fmtVif = (v: number) => (v === Infinity ? 'infinite' : v >= 10 ? String(Math.round(v)) : v.toFixed(1));
  const names = numeric.map((c) => c.name);
  const meaning =
    'Linear coefficients will be unstable and importances are shared among these columns: read them as a group, prefer ridge over plain linear regression, or keep one representative.';
  if (k >= 3 && minAbs >= o.strongCorrelation) {
    const lo = Math.min(...vifs.map((v) => v.vif));
    const hi = Math.max(...vifs.map((v) => v.vif));
    const vifPart = high.length === vifs.length && vifs.length ? ` and their VIFs run from about ${fmtVif(lo)} to ${fmtVif(hi)}` : '';
    const floor = Math.floor(minAbs * 100) / 100;
    return [
      {
        id: 'collinearity',
        severity: 'warning',
        sentence: `All ${countWord(k)} numeric columns correlate above ${floor.toFixed(2)}${vifPart}, so linear coefficients will be unstable and importances are shared.`,
        meaning,
        columns: names,
      },
    ];
  }
  const out: Finding[] = [];
  if (strong.length) {
    strong.sort((p, q) => Math.abs(q.r) - Math.abs(p.r));
    const shown = strong.slice(0, 3).map((p) => `${p.a} and ${p.b} (r = ${p.r.toFixed(2)})`);
    const more = strong.length > 3 ? ` and ${strong.length - 3} more pair${strong.length - 3 > 1 ? 's' : ''}` : '';
    out.push({
      id: 'strong-correlation',
      severity: 'warning',
      sentence: `${strong.length} pair${strong.length > 1 ? 's' : ''} of numeric columns correlate at |r| ≥ ${o.strongCorrelation}: ${list(shown)}${more}.`,
      meaning,
      columns: [...new Set(strong.flatMap((p) => [p.a, p.b]))],
    });
  }
  if (high.length) {
    high.sort((p, q) => q.vif - p.vif);
    out.push({
      id: 'high-vif',
      severity: 'warning',
      sentence: `${high.length} numeric column${high.length > 1 ? 's have' : ' has'} a VIF of ${o.highVif} or more: ${list(high.slice(0, 5).map((v) => `${v.name} (${fmtVif(v.vif)})`))}.`,
      meaning: 'Each is largely a linear combination of the others, so its coefficient and importance cannot be read on its own.',
      columns: high.map((v) => v.name),
    });
  }
  return out;
}

/** Every finding about `table`, most severe first. */
export function findFindings(table: Table, options: Partial<FindingsOptions> = {}): Finding[] {
  const o = { ...defaultFindingsOptions, ...options };
  const out: Finding[] = [];
  const n = table.rowCount;
  if (n === 0) return [{ id: 'empty', severity: 'critical', sentence: 'The table has no rows.', meaning: 'Nothing can be explored or modelled.', columns: [] }];
  const idLike = table.columns.filter(isIdLike);
  const idNames = new Set(idLike.map((c) => c.name));

  for (const c of idLike) {
    if (c.role !== 'feature' || c.type === 'id') continue;
    out.push({
      id: `id-like:${c.name}`,
      severity: 'warning',
      sentence: `${c.name} looks like an identifier (${countDistinct(c)} distinct values in ${n} rows) but is offered as a feature.`,
      meaning: 'A model can memorise ids without learning anything that carries over to new customers; set its role to id.',
      columns: [c.name],
    });
  }

  const numeric = table.columns.filter(
    (c): c is NumberColumn => c.storage === 'number' && c.type === 'numeric' && usable(c) && !idNames.has(c.name),
  );
  out.push(...collinearityFindings(numeric.filter((c) => countDistinct(c) > 1), o));

  for (const c of table.columns) {
    if (!usable(c) || idNames.has(c.name) || c.storage !== 'category' || c.dictionary.length > o.maxLevels) continue;
    const counts = categoryCounts(c);
    if (counts.labels.length < 2) continue;
    const rare: string[] = [];
    counts.labels.forEach((label, i) => {
      const k = counts.counts[i];
      if (k > 0 && k < o.rareCount && k / counts.total < o.rareShare) rare.push(`${label} has ${k} of ${counts.total} rows (${pct(k, counts.total)})`);
    });
    if (!rare.length) continue;
    const shown = rare.length > 4 ? [...rare.slice(0, 3), `${rare.length - 3} more levels are as small`] : rare;
    out.push({
      id: `rare-category:${c.name}`,
      severity: 'warning',
      sentence: `In ${c.name}, ${list(shown)}, too few to trust.`,
      meaning: 'Estimates for so few customers are noise: merge them into a larger level or "Other", and expect stratified folds to hold one or two of them at most.',
      columns: [c.name],
    });
  }

  const duplicates = duplicateRows(table, { exclude: [...idNames] });
  if (duplicates.distinct < n) {
    const ignoring = idLike.length ? ` (ignoring ${list(idLike.map((c) => c.name))})` : '';
    out.push({
      id: 'duplicates',
      severity: duplicates.distinct <= n / 2 ? 'critical' : 'warning',
      sentence: `Only ${duplicates.distinct} of ${n} rows are distinct${ignoring}, so cross-validation must keep identical rows together; the largest group has ${duplicates.largest} identical rows.`,
      meaning: 'With shuffled folds almost every test row has a twin in training, so flexible models look near-perfect; use grouped folds (duplicate groups) for honest scores.',
      columns: duplicates.compared,
    });
  }

  for (const c of table.columns) {
    if (c.role === 'ignore') continue;
    const present = nonMissing(c);
    const missing = n - present;
    if (missing > 0) {
      out.push({
        id: `missing:${c.name}`,
        severity: missing / n > 0.05 ? 'warning' : 'info',
        sentence: `${c.name} has ${missing} missing value${missing > 1 ? 's' : ''} (${pct(missing, n)} of rows).`,
        meaning:
          missing === n
            ? 'The column is empty and is left out of models.'
            : 'Models need complete rows: missing values are imputed (median for numbers, most frequent level for categories) inside each training fold, or the rows are dropped.',
        columns: [c.name],
      });
    }
    if (present > 0 && countDistinct(c) === 1 && !idNames.has(c.name)) {
      out.push({
        id: `constant:${c.name}`,
        severity: 'warning',
        sentence: `${c.name} has the same value in every row.`,
        meaning: 'A constant column carries no information; leave it out of models (it is skipped in correlations).',
        columns: [c.name],
      });
    }
  }

  for (const c of numeric) {
    const m = momentsOf(c.values);
    if (m.count < 3 || m.min === m.max) continue;
    if (Math.abs(m.skewness) >= o.strongSkew) {
      const side = m.skewness > 0 ? 'right' : 'left';
      const fix = m.skewness > 0 && m.min > 0 ? ` or log(${c.name})` : '';
      out.push({
        id: `skew:${c.name}`,
        severity: 'info',
        sentence: `${c.name} is strongly ${side}-skewed (skewness ${m.skewness.toFixed(2)}).`,
        meaning: `Means and linear models are pulled by the long tail; consider a rank (percentile(${c.name}))${fix} in the formula editor, and prefer medians in summaries.`,
        columns: [c.name],
      });
    }
    const outl = iqrOutliers(c.values);
    if (outl.rows.length > 0) {
      const k = outl.rows.length;
      const fmt = (v: number) => String(+v.toPrecision(4));
      out.push({
        id: `outliers:${c.name}`,
        severity: 'info',
        sentence: `${c.name} has ${k} outlier${k > 1 ? 's' : ''} by the 1.5 × IQR rule (${pct(k, m.count)}, outside ${fmt(outl.lowerFence)} to ${fmt(outl.upperFence)}).`,
        meaning: 'Check that they are real; tree models are robust to them, but linear models and K-Means are pulled toward them.',
        columns: [c.name],
      });
    }
  }

  return out.map((f, i) => ({ f, i })).sort((a, b) => severityOrder[a.f.severity] - severityOrder[b.f.severity] || a.i - b.i).map((x) => x.f);
}
