/**
 * Which columns Segments clusters on by default: numeric behaviour columns only, each column left
 * out given its reason (the target, an outcome, an id, a flag, constant or nearly so, mostly
 * missing), and at most `limit` of them on a wide file, so a 5,000-column table opens with a
 * bounded, stated set and the rest one click away. Categorical columns are never chosen by default
 * (a category is not an amount of behaviour, and its one-hot columns need a stated weight): they
 * are offered to add by hand, each with its reason.
 */
import type { Column, NumberColumn, Table } from '../core/table';
import { idLikeReason } from '../data/ids';
import { isOutcomeName } from '../labels/label';
import { highCardinalityLevels } from '../preprocess/encoding-plan';
import { categoricalKindOf, segmentLevelLimits } from './categorical-encoding';

/** Options of {@link defaultSegmentFeatures}. */
export interface SegmentFeatureOptions {
  /** The most columns chosen by default. */
  limit: number;
  /** A column whose most common value covers at least this share of its rows is near-constant. */
  nearConstantShare: number;
  /** A column missing in more than this share of rows is left out (clustering drops incomplete rows). */
  maxMissingShare: number;
}

export const defaultSegmentFeatureOptions: SegmentFeatureOptions = { limit: 50, nearConstantShare: 0.95, maxMissingShare: 0.2 };

/** The default choice and the reason for every column it leaves out. */
export interface SegmentFeatureChoice {
  /** Chosen by default, in file order. */
  features: string[];
  /** Every numeric or yes/no column that can be chosen by hand (not an id), in file order. */
  candidates: string[];
  /** The yes/no columns among `candidates` (encoded as one 0/1 column by the categorical weight rule). */
  yesNo: string[];
  /** Every categorical column that can be added by hand (one-hot encoded with the categorical weight), in file order; never chosen by default. */
  categorical: string[];
  /** Why each column is not chosen by default (ids and text columns included, with why they cannot be chosen). */
  leftOut: { name: string; reason: string }[];
  /** Eligible columns beyond `limit` (not in `features`, listed in `leftOut`). */
  overLimit: number;
}

/**
 * The default clustering features of `table`. Past the limit, the columns with the fewest missing
 * values are kept (ties in file order).
 */
export function defaultSegmentFeatures(table: Table, options: Partial<SegmentFeatureOptions> = {}): SegmentFeatureChoice {
  const opts = { ...defaultSegmentFeatureOptions, ...options };
  const candidates: string[] = [];
  const categorical: string[] = [];
  const yesNo: string[] = [];
  const eligible: { name: string; missing: number; index: number }[] = [];
  const leftOut: { name: string; reason: string }[] = [];
  table.columns.forEach((column, index) => {
    if (isAddableCategorical(column)) {
      categorical.push(column.name);
      leftOut.push({ name: column.name, reason: categoricalReason(column, opts) });
      return;
    }
    const why = cannotCluster(column);
    if (why) {
      leftOut.push({ name: column.name, reason: why });
      return;
    }
    candidates.push(column.name);
    if (column.type === 'boolean') yesNo.push(column.name);
    const stats = valueStats(column as NumberColumn);
    const reason = notByDefault(column as NumberColumn, stats, opts);
    if (reason) leftOut.push({ name: column.name, reason });
    else eligible.push({ name: column.name, missing: stats.missing, index });
  });
  const ranked = [...eligible].sort((a, b) => a.missing - b.missing || a.index - b.index);
  const kept = new Set(ranked.slice(0, opts.limit).map((e) => e.name));
  for (const e of ranked.slice(opts.limit)) leftOut.push({ name: e.name, reason: `over the default limit of ${opts.limit} columns (those with the fewest missing values are chosen)` });
  return {
    features: eligible.filter((e) => kept.has(e.name)).map((e) => e.name),
    candidates,
    yesNo,
    categorical,
    leftOut,
    overLimit: Math.max(0, eligible.length - opts.limit),
  };
}

/** Why `column` cannot be a clustering feature at all, or null. */
function cannotCluster(column: Column): string | null {
  if (column.role === 'ignore') return 'marked ignore';
  if (column.role === 'id') return 'marked as an id';
  if (column.storage !== 'number' || (column.type !== 'numeric' && column.type !== 'boolean')) return `${column.type}, not numeric`;
  const id = idLikeReason(column);
  return id ? `looks like an id: ${id}` : null;
}

/** A categorical column that can be added by hand: one-hot encodable, not ignored, not an id. */
function isAddableCategorical(column: Column): boolean {
  return categoricalKindOf(column) === 'onehot' && column.role !== 'ignore' && column.role !== 'id';
}

/** Why a categorical column is not chosen by default (it never is), with what adding it does. */
function categoricalReason(column: Column, opts: SegmentFeatureOptions): string {
  if (column.role === 'target') return 'the target: an outcome to explain, not behaviour to group by';
  if (isOutcomeName(column.name)) return 'its name says it is an outcome (churn, response, cancel…)';
  const { missing, distinct, modeCount } = levelStats(column);
  const rows = column.storage === 'number' ? column.values.length : column.codes.length;
  const present = rows - missing;
  if (present === 0) return 'no values';
  if (distinct === 1) return 'constant';
  if (missing / rows > opts.maxMissingShare) {
    return `missing in ${percent(missing / rows)} of rows (over ${percent(opts.maxMissingShare)}; rows with a missing value are left out of clustering)`;
  }
  if (modeCount / present >= opts.nearConstantShare) {
    return `near-constant: one level in ${percent(modeCount / present)} of rows (at least ${percent(opts.nearConstantShare)})`;
  }
  if (distinct > highCardinalityLevels) {
    return `categorical with ${distinct} levels: a category, not an amount of behaviour; added by hand, its ${segmentLevelLimits.maxCategories} most frequent levels keep a column each and the rest are grouped as "Other"`;
  }
  return `categorical (${distinct} levels): a category, not an amount of behaviour; add it by hand to one-hot encode it with the categorical weight`;
}

/** Missing cells, distinct levels and the most common level's count of a categorical column. */
function levelStats(column: Column): { missing: number; distinct: number; modeCount: number } {
  const counts: number[] = [];
  let missing = 0;
  if (column.storage === 'category') {
    const byCode = new Float64Array(column.dictionary.length);
    for (let i = 0; i < column.codes.length; i++) {
      const code = column.codes[i];
      if (code < 0) missing++;
      else byCode[code]++;
    }
    for (const c of byCode) if (c > 0) counts.push(c);
  } else {
    const byValue = new Map<number, number>();
    for (const v of column.values) {
      if (Number.isNaN(v)) missing++;
      else byValue.set(v, (byValue.get(v) ?? 0) + 1);
    }
    for (const c of byValue.values()) counts.push(c);
  }
  return { missing, distinct: counts.length, modeCount: counts.reduce((m, c) => Math.max(m, c), 0) };
}

/** Why a clusterable column is not chosen by default, or null. */
function notByDefault(column: NumberColumn, stats: ValueStats, opts: SegmentFeatureOptions): string | null {
  if (column.role === 'target') return 'the target: an outcome to explain, not behaviour to group by';
  if (isOutcomeName(column.name)) return 'its name says it is an outcome (churn, response, cancel…)';
  const present = column.values.length - stats.missing;
  if (present === 0) return 'no values';
  if (stats.missing / column.values.length > opts.maxMissingShare) {
    return `missing in ${percent(stats.missing / column.values.length)} of rows (over ${percent(opts.maxMissingShare)}; rows with a missing value are left out of clustering)`;
  }
  if (stats.modeCount === present) return 'constant';
  if (stats.modeCount / present >= opts.nearConstantShare) {
    return `near-constant: one value in ${percent(stats.modeCount / present)} of rows (at least ${percent(opts.nearConstantShare)})`;
  }
  if (column.type === 'boolean') return 'a yes/no column (a flag or an outcome): add it by hand';
  return null;
}

interface ValueStats {
  missing: number;
  /** How often the most common value occurs, when it is a majority; else a count under half the rows. */
  modeCount: number;
}

/** Missing values, and the count of the majority value (Boyer–Moore vote, then a count): two passes, no allocation. */
function valueStats(column: NumberColumn): ValueStats {
  const values = column.values;
  let missing = 0;
  let candidate = NaN;
  let votes = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) {
      missing++;
      continue;
    }
    if (votes === 0) {
      candidate = v;
      votes = 1;
    } else if (v === candidate) votes++;
    else votes--;
  }
  let modeCount = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === candidate) modeCount++;
  return { missing, modeCount };
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}
