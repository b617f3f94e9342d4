/**
 * The feature pipeline: fitted on the training rows only, applied to any rows.
 * Fitting on all rows would leak the test fold's medians, means and levels into training.
 * numeric → median imputation (+ optional missing indicator) → standardisation;
 * boolean → 0/1 (mode imputation); date → days since the earliest training date and month;
 * categorical → one-hot over the kept levels (the most frequent `maxCategories`, each in at least
 * `minCategoryFraction` of the rows), the rest merged into "Other"; with `dropReferenceLevel` the first
 * kept level in sorted order has no column of its own (the reference, all zeros);
 * id, text and ignored columns are left out.
 */
import { zeros, type Matrix } from '../core/matrix';
import { cellText, getColumn, type Column, type Table } from '../core/table';
import { chooseLevels, countLevels, otherLevel, referenceLevel } from './levels';
import { medianInPlace } from '../stats/quantile';

/** Options of the feature pipeline. */
export interface PipelineOptions {
  /** Standardise numeric and date features (mean 0, population std 1); default true. */
  scale: boolean;
  /** Add a 0/1 "<column>_missing" feature for numeric, boolean and date columns with missing training values; default false. */
  missingIndicators: boolean;
  /** Levels seen in fewer than this share of training rows merge into "Other"; default 0.01. */
  minCategoryFraction: number;
  /** At most this many levels per column keep their own feature (most frequent first); default 30. */
  maxCategories: number;
  /**
   * Give the first kept level of each categorical (in sorted order) no column: it is the reference,
   * every other level's weight is its difference from it. Without this the one-hot columns add up to
   * the intercept, so an unpenalised linear fit is not unique; penalised models keep every level
   * (the penalty makes the fit unique and treats the levels alike). Default false.
   */
  dropReferenceLevel: boolean;
}

/** Defaults of the feature pipeline. */
export const defaultPipelineOptions: PipelineOptions = { scale: true, missingIndicators: false, minCategoryFraction: 0.01, maxCategories: 30, dropReferenceLevel: false };

/** Name of the merged level of rare categories (defined with the level choice in levels.ts). */
export { otherLevel };

/** How one input column becomes features. */
export type ColumnStep =
  | { kind: 'numeric'; column: string; fill: number; center: number; scale: number; indicator: boolean }
  | { kind: 'boolean'; column: string; fill: number; indicator: boolean }
  | { kind: 'date'; column: string; fill: number; origin: number; center: [number, number]; scale: [number, number]; indicator: boolean }
  | {
      kind: 'onehot';
      column: string;
      /** Levels with a column of their own, sorted (the reference is not among them). */
      levels: string[];
      hasOther: boolean;
      /** Level given to missing cells (the most frequent training level). */
      fill: string;
      /** The dropped level (all zeros), when the reference level is dropped. */
      reference?: string;
    };

/** A fitted pipeline: plain data, serialisable as is. */
export interface FittedPipeline {
  options: PipelineOptions;
  steps: ColumnStep[];
  /** Name of each output feature. */
  featureNames: string[];
  /** Input column of each output feature. */
  featureColumns: string[];
  /** Columns asked for but left out, with the reason. */
  excluded: { column: string; reason: string }[];
}

const dayMs = 86_400_000;

/** Fits the pipeline on `rows` of `table` for the columns named in `features`. */
export function fitPipeline(
  table: Table,
  features: readonly string[],
  rows: ArrayLike<number>,
  options: Partial<PipelineOptions> = {},
): FittedPipeline {
  const o = { ...defaultPipelineOptions, ...options };
  if (rows.length === 0) throw new Error('Cannot fit the feature pipeline on 0 training rows');
  const steps: ColumnStep[] = [];
  const excluded: { column: string; reason: string }[] = [];
  for (const name of features) {
    const column = getColumn(table, name);
    const reason = exclusionReason(column);
    if (reason) {
      excluded.push({ column: name, reason });
      continue;
    }
    steps.push(fitStep(column, rows, o));
  }
  const featureNames: string[] = [];
  const featureColumns: string[] = [];
  for (const step of steps) {
    for (const f of stepFeatureNames(step)) {
      featureNames.push(f);
      featureColumns.push(step.column);
    }
  }
  return { options: o, steps, featureNames, featureColumns, excluded };
}

/** Why a column cannot be a feature, or null when it can. */
export function exclusionReason(column: Column): string | null {
  if (column.type === 'id') return 'id column';
  if (column.role === 'id') return 'marked as an id';
  if (column.type === 'text') return 'free-text column';
  if (column.role === 'ignore') return 'marked ignore';
  return null;
}

/** Is the column one-hot encoded as a feature (categorical, or stored as text)? */
export function isOneHotColumn(column: Column): boolean {
  return column.type === 'categorical' || column.storage === 'category';
}

function fitStep(column: Column, rows: ArrayLike<number>, o: PipelineOptions): ColumnStep {
  const name = column.name;
  // isOneHotColumn, written out so that TypeScript narrows the rest to number columns.
  if (column.type === 'categorical' || column.storage === 'category') return fitOneHot(column, rows, o);
  const values = column.values;
  const buffer = new Float64Array(rows.length);
  let count = 0;
  for (let r = 0; r < rows.length; r++) {
    const v = values[rows[r]];
    if (!Number.isNaN(v)) buffer[count++] = v;
  }
  const observed = buffer.subarray(0, count);
  const indicator = o.missingIndicators && observed.length < rows.length;
  if (column.type === 'boolean') {
    const ones = observed.reduce((s, v) => s + (v ? 1 : 0), 0);
    return { kind: 'boolean', column: name, fill: ones * 2 > observed.length ? 1 : 0, indicator };
  }
  const fill = medianInPlace(observed);
  if (column.type === 'date') {
    const origin = observed.length ? observed.reduce((m, v) => Math.min(m, v), Infinity) : 0;
    const days = new Float64Array(rows.length);
    const months = new Float64Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const v = Number.isNaN(values[rows[r]]) ? fill : values[rows[r]];
      days[r] = (v - origin) / dayMs;
      months[r] = new Date(v).getUTCMonth() + 1;
    }
    const [dc, ds] = standardiser(days, o.scale);
    const [mc, ms] = standardiser(months, o.scale);
    return { kind: 'date', column: name, fill, origin, center: [dc, mc], scale: [ds, ms], indicator };
  }
  const filled = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const v = values[rows[r]];
    filled[r] = Number.isNaN(v) ? fill : v;
  }
  const [center, scale] = standardiser(filled, o.scale);
  return { kind: 'numeric', column: name, fill, center, scale, indicator };
}

function fitOneHot(column: Column, rows: ArrayLike<number>, o: PipelineOptions): ColumnStep {
  const { kept, grouped, fill } = chooseLevels(countLevels(column, rows), rows.length, o);
  const hasOther = grouped > 0;
  const reference = referenceLevel(kept, hasOther, o.dropReferenceLevel);
  if (reference === undefined) return { kind: 'onehot', column: column.name, levels: kept, hasOther, fill };
  return { kind: 'onehot', column: column.name, levels: kept.slice(1), hasOther, fill, reference };
}

/** Mean and population std (ddof 0, sklearn StandardScaler), or (0, 1) when not scaling or constant. */
function standardiser(values: Float64Array, scale: boolean): [number, number] {
  if (!scale || values.length === 0) return [0, 1];
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i];
  mean /= values.length;
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += (values[i] - mean) ** 2;
  const std = Math.sqrt(ss / values.length);
  return [mean, std > 1e-12 * Math.max(1, Math.abs(mean)) ? std : 1];
}

function stepFeatureNames(step: ColumnStep): string[] {
  const c = step.column;
  switch (step.kind) {
    case 'numeric':
    case 'boolean':
      return step.indicator ? [c, `${c}_missing`] : [c];
    case 'date':
      return [`${c}_days`, `${c}_month`, ...(step.indicator ? [`${c}_missing`] : [])];
    case 'onehot':
      return [...step.levels.map((l) => `${c}_${l}`), ...(step.hasOther ? [`${c}_${otherLevel}`] : [])];
  }
}

/** Applies a fitted pipeline to `rows` of `table` (default all rows); unseen levels count as "Other" (or all zeros). */
export function transformTable(pipeline: FittedPipeline, table: Table, rows?: ArrayLike<number>): Matrix {
  const n = rows ? rows.length : table.rowCount;
  const p = pipeline.featureNames.length;
  const X = zeros(n, p);
  const d = X.data;
  let offset = 0;
  const plans = pipeline.steps.map((step) => {
    const column = getColumn(table, step.column);
    if (step.kind !== 'onehot' && column.storage !== 'number') throw new Error(`Column "${step.column}" was numeric when the pipeline was fitted and is not now`);
    const plan = { step, column, offset, width: stepFeatureNames(step).length, target: step.kind === 'onehot' ? levelLookup(step, column) : undefined };
    offset += plan.width;
    return plan;
  });
  // Block by block of rows, every step: the block's rows of X stay in cache while each step writes its columns.
  for (let start = 0; start < n; start += transformBlock) {
    const end = Math.min(n, start + transformBlock);
    for (const { step, column, offset, width, target } of plans) {
      if (target) {
        for (let r = start; r < end; r++) {
          const row = rows ? rows[r] : r;
          const slot = column.storage === 'category' ? target.byCode[column.codes[row] + 1] : target.byText(row);
          if (slot >= 0) d[r * p + offset + slot] = 1;
        }
      } else if (column.storage === 'number' && step.kind !== 'onehot') {
        const values = column.values;
        for (let r = start; r < end; r++) {
          const raw = values[rows ? rows[r] : r];
          const missing = Number.isNaN(raw);
          const v = missing ? step.fill : raw;
          const o = r * p + offset;
          if (step.kind === 'numeric') {
            d[o] = (v - step.center) / step.scale;
          } else if (step.kind === 'boolean') {
            d[o] = v ? 1 : 0;
          } else {
            d[o] = ((v - step.origin) / dayMs - step.center[0]) / step.scale[0];
            d[o + 1] = (new Date(v).getUTCMonth() + 1 - step.center[1]) / step.scale[1];
          }
          if (step.indicator && missing) d[o + width - 1] = 1;
        }
      }
    }
  }
  return X;
}

/** Rows `transformTable` writes per block. */
const transformBlock = 1024;

/** Maps a column's codes (or cell texts) to the one-hot slot of a fitted step (−1: no column, i.e. all zeros). */
function levelLookup(step: Extract<ColumnStep, { kind: 'onehot' }>, column: Column) {
  const slotOf = new Map(step.levels.map((l, i) => [l, i]));
  const other = step.hasOther ? step.levels.length : -1;
  const slot = (level: string): number => (level === step.reference ? -1 : (slotOf.get(level) ?? other));
  const fillSlot = slot(step.fill);
  // byCode[code + 1]: index 0 is the missing code −1.
  const byCode = new Int32Array(column.storage === 'category' ? column.dictionary.length + 1 : 0);
  if (column.storage === 'category') {
    byCode[0] = fillSlot;
    column.dictionary.forEach((level, code) => (byCode[code + 1] = slot(level)));
  }
  const byText = (row: number): number => {
    if (column.storage === 'number' && Number.isNaN(column.values[row])) return fillSlot;
    return slot(cellText(column, row));
  };
  return { byCode, byText };
}

/** Per output feature, the centre and scale applied (0 and 1 for unscaled features), to map coefficients back to original units. */
export function featureScaling(pipeline: FittedPipeline): { center: Float64Array; scale: Float64Array } {
  const p = pipeline.featureNames.length;
  const center = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  let offset = 0;
  for (const step of pipeline.steps) {
    if (step.kind === 'numeric') {
      center[offset] = step.center;
      scale[offset] = step.scale;
    } else if (step.kind === 'date') {
      center[offset] = step.center[0];
      scale[offset] = step.scale[0];
      center[offset + 1] = step.center[1];
      scale[offset + 1] = step.scale[1];
    }
    offset += stepFeatureNames(step).length;
  }
  return { center, scale };
}
