/**
 * Drift between a reference and a current table, column by column, as dedicated drift tools decide
 * it (Evidently's defaults): with up to `smallSampleRows` reference values, a statistical test —
 * Kolmogorov–Smirnov for numbers, chi-square for categories, a two-proportion z-test for
 * two-level columns — and drift at p < `alpha`; with more, where p-values flag every trivial shift,
 * a distance — Wasserstein over the reference σ for numbers, Jensen–Shannon for categories and
 * two-level columns — and drift at ≥ `distanceThreshold`. A numeric column with at most `fewValues`
 * distinct reference values (counts of children, 0–3 ratings) is compared by level like a category. PSI for every column. The data set drifts
 * when at least `driftShare` of the compared columns drift. Missing values are left out of every test.
 * Columns are matched by name; ids, dates and free text are not compared.
 */
import { getColumn, type Column, type Table } from '../core/table';
import { idLikeReason } from '../data/ids';
import { chiSquareHomogeneity, jensenShannon, twoProportionZTest, wassersteinNormalised } from './distribution-tests';
import { ksTwoSample } from './ks';
import { psiCategorical, psiNumeric } from './psi';

/** Options of {@link compareTables}. */
export interface DriftOptions {
  /** Significance level of the tests (drift at p < alpha). */
  alpha: number;
  /** Wasserstein/σ or Jensen–Shannon at or above this is drift. */
  distanceThreshold: number;
  /** Up to this many reference values a column is tested; above, its distance decides. */
  smallSampleRows: number;
  /** The data set drifts when at least this share of its columns drift. */
  driftShare: number;
  /** Quantile bins of the PSI. */
  psiBins: number;
  /** Numeric columns with at most this many distinct reference values are compared by level, as categories (Evidently's 5; 0: never). */
  fewValues: number;
  /** Columns not to compare (e.g. the date that cut the periods). */
  exclude: readonly string[];
}

/** Defaults of {@link DriftOptions} (Evidently's). */
export const defaultDriftOptions: DriftOptions = { alpha: 0.05, distanceThreshold: 0.1, smallSampleRows: 1000, driftShare: 0.5, psiBins: 10, fewValues: 5, exclude: [] };

/** The test that decides a column's drift. */
export type DriftTestName = 'ks' | 'chi-square' | 'z-test' | 'wasserstein' | 'jensen-shannon';

/** How a column is compared: numbers, categories, or exactly two levels. */
export type DriftKind = 'numeric' | 'categorical' | 'binary';

/** One compared column. */
export interface ColumnDrift {
  column: string;
  /** The reference column's type. */
  type: 'numeric' | 'categorical' | 'boolean';
  kind: DriftKind;
  psi: number;
  /** The deciding test, its statistic and (for a test, not a distance) its p-value. */
  test: DriftTestName;
  statistic: number;
  testPValue: number | null;
  /** Kolmogorov–Smirnov p-value for numbers, chi-square for categories, two-level and few-valued columns, whatever decided. */
  pValue: number;
  drift: boolean;
  /** Non-missing values on each side. */
  referenceCount: number;
  currentCount: number;
}

/** A column present in both tables but not compared, and why. */
export interface SkippedColumn {
  column: string;
  reason: string;
}

/** Result of {@link compareTables}. */
export interface DriftReport {
  /** Compared columns, the largest PSI first. */
  columns: ColumnDrift[];
  skipped: SkippedColumn[];
  onlyInReference: string[];
  onlyInCurrent: string[];
  driftedShare: number;
  datasetDrift: boolean;
  options: DriftOptions;
}

/** Why a column is not compared, or null. */
function skipReason(column: Column): string | null {
  if (column.type === 'date') return 'dates move on by themselves';
  if (column.type === 'text') return 'free text';
  const id = idLikeReason(column);
  return id ? `id-like: ${id}` : null;
}

/** Level counts of two columns over the union of their levels (numbers by value, categories by text). */
function levelCounts(ref: Column, cur: Column): { ref: Float64Array; cur: Float64Array; refCodes: Int32Array; curCodes: Int32Array } {
  const index = new Map<string, number>();
  const codesOf = (column: Column): Int32Array => {
    const n = column.storage === 'number' ? column.values.length : column.codes.length;
    const out = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      let key: string | null;
      if (column.storage === 'number') key = Number.isNaN(column.values[r]) ? null : String(column.values[r]);
      else key = column.codes[r] < 0 ? null : column.dictionary[column.codes[r]];
      if (key === null) {
        out[r] = -1;
        continue;
      }
      let code = index.get(key);
      if (code === undefined) index.set(key, (code = index.size));
      out[r] = code;
    }
    return out;
  };
  const refCodes = codesOf(ref);
  const curCodes = codesOf(cur);
  const count = (codes: Int32Array) => {
    const out = new Float64Array(index.size);
    for (const c of codes) if (c >= 0) out[c]++;
    return out;
  };
  return { ref: count(refCodes), cur: count(curCodes), refCodes, curCodes };
}

const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);

/** Has `values` at most `limit` distinct non-missing values? */
function hasFewValues(values: Float64Array, limit: number): boolean {
  const seen = new Set<number>();
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    seen.add(v);
    if (seen.size > limit) return false;
  }
  return true;
}

/** Drift of one column pair of the same storage. */
export function compareColumns(ref: Column, cur: Column, options: DriftOptions): ColumnDrift {
  const type: ColumnDrift['type'] = ref.type === 'boolean' ? 'boolean' : ref.storage === 'number' ? 'numeric' : 'categorical';
  const isSmall = (n: number) => n <= options.smallSampleRows;
  const byLevel = type === 'numeric' && ref.storage === 'number' && hasFewValues(ref.values, options.fewValues);
  if (type === 'numeric' && !byLevel && ref.storage === 'number' && cur.storage === 'number') {
    const ks = ksTwoSample(ref.values, cur.values);
    const referenceCount = ref.values.reduce((s, v) => s + (Number.isNaN(v) ? 0 : 1), 0);
    const currentCount = cur.values.reduce((s, v) => s + (Number.isNaN(v) ? 0 : 1), 0);
    const psi = psiNumeric(ref.values, cur.values, options.psiBins);
    const base = { column: ref.name, type, kind: 'numeric' as const, psi, pValue: ks.pValue, referenceCount, currentCount };
    if (isSmall(referenceCount)) return { ...base, test: 'ks', statistic: ks.statistic, testPValue: ks.pValue, drift: ks.pValue < options.alpha };
    const distance = wassersteinNormalised(ref.values, cur.values);
    return { ...base, test: 'wasserstein', statistic: distance, testPValue: null, drift: distance >= options.distanceThreshold };
  }
  const counts = levelCounts(ref, cur);
  const levels = counts.ref.length;
  const referenceCount = sum(counts.ref);
  const currentCount = sum(counts.cur);
  const kind: DriftKind = levels <= 2 ? 'binary' : 'categorical';
  const chi = chiSquareHomogeneity(counts.ref, counts.cur);
  // A few-valued numeric column keeps the numeric PSI (decile bins), so PSI means the same for every number.
  const psi = byLevel && ref.storage === 'number' && cur.storage === 'number' ? psiNumeric(ref.values, cur.values, options.psiBins) : psiCategorical(counts.refCodes, counts.curCodes, levels);
  const base = { column: ref.name, type, kind, psi, pValue: chi.pValue, referenceCount, currentCount };
  if (isSmall(referenceCount)) {
    if (kind === 'binary') {
      const z = twoProportionZTest(counts.ref[0] ?? 0, referenceCount, counts.cur[0] ?? 0, currentCount);
      return { ...base, test: 'z-test', statistic: z.statistic, testPValue: z.pValue, drift: z.pValue < options.alpha };
    }
    return { ...base, test: 'chi-square', statistic: chi.statistic, testPValue: chi.pValue, drift: chi.pValue < options.alpha };
  }
  const distance = jensenShannon(counts.ref, counts.cur);
  return { ...base, test: 'jensen-shannon', statistic: distance, testPValue: null, drift: distance >= options.distanceThreshold };
}

/** The storage words of a column for a message. */
const kindWords = (c: Column) => (c.storage === 'number' ? (c.type === 'boolean' ? 'true/false' : 'numbers') : 'text');

/**
 * Compares every column the two tables share by name (see the file's comment).
 * @param options alpha 0.05, distanceThreshold 0.1, smallSampleRows 1000, driftShare 0.5, psiBins 10, fewValues 5, exclude []
 */
export function compareTables(reference: Table, current: Table, options: Partial<DriftOptions> = {}): DriftReport {
  const o: DriftOptions = { ...defaultDriftOptions, ...options };
  if (!(o.alpha > 0 && o.alpha < 1)) throw new Error(`alpha must be between 0 and 1, got ${o.alpha}`);
  if (!(o.distanceThreshold > 0)) throw new Error(`The distance threshold must be above 0, got ${o.distanceThreshold}`);
  if (!(o.driftShare > 0 && o.driftShare <= 1)) throw new Error(`The drift share must be above 0 and at most 1, got ${o.driftShare}`);
  if (!(o.smallSampleRows >= 0)) throw new Error(`The row limit for tests must be 0 or more, got ${o.smallSampleRows}`);
  const refNames = new Set(reference.columns.map((c) => c.name));
  const curNames = new Set(current.columns.map((c) => c.name));
  const excluded = new Set(o.exclude);
  const columns: ColumnDrift[] = [];
  const skipped: SkippedColumn[] = [];
  for (const name of refNames) {
    if (!curNames.has(name) || excluded.has(name)) continue;
    const ref = getColumn(reference, name);
    const cur = getColumn(current, name);
    const reason = skipReason(ref) ?? (ref.storage !== cur.storage ? `${kindWords(ref)} in ${reference.name}, ${kindWords(cur)} in ${current.name}` : null);
    if (reason) {
      skipped.push({ column: name, reason });
      continue;
    }
    const drift = compareColumns(ref, cur, o);
    if (drift.referenceCount === 0 || drift.currentCount === 0) {
      skipped.push({ column: name, reason: `no values in ${drift.referenceCount === 0 ? reference.name : current.name}` });
      continue;
    }
    columns.push(drift);
  }
  const psiKey = (c: ColumnDrift) => (Number.isNaN(c.psi) ? -Infinity : c.psi);
  columns.sort((a, b) => psiKey(b) - psiKey(a));
  const drifted = columns.filter((c) => c.drift).length;
  const driftedShare = columns.length ? drifted / columns.length : 0;
  return {
    columns,
    skipped,
    onlyInReference: [...refNames].filter((n) => !curNames.has(n)),
    onlyInCurrent: [...curNames].filter((n) => !refNames.has(n)),
    driftedShare,
    datasetDrift: columns.length > 0 && driftedShare >= o.driftShare,
    options: o,
  };
}
