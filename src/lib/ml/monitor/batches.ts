/**
 * Monthly batches for the retraining simulation: rows drawn with replacement (seeded) from a pool of
 * the user's rows, then shifted by the month's amounts. A numeric feature's values move (mean shift,
 * in reference standard deviations) and spread (scale change around the reference mean) while each
 * row keeps its own target, as when a source changes its units or a sensor drifts: the model sees
 * values it was not trained on. A categorical feature's mix moves towards one level. A concept change
 * alters the target itself: its relation to one feature changes.
 */
import { Random } from '../core/random';
import type { Column, Table } from '../core/table';

/** When a shift applies: from month `start` (default 1), growing by its amount each month ('ramp', default) or at its amount from then on ('step'). */
export interface ShiftTiming {
  start?: number;
  shape?: 'ramp' | 'step';
}

/** A numeric feature's shift: `amount` reference standard deviations (kind 'mean') or a spread change of `amount` (kind 'scale': 0.1 = 10 % wider). */
export interface NumericShift extends ShiftTiming {
  column: string;
  kind: 'mean' | 'scale';
  amount: number;
}

/** A categorical feature's mix change: each row switches to `level` with probability `amount` (capped at 1). */
export interface MixShift extends ShiftTiming {
  column: string;
  level: string;
  amount: number;
}

/**
 * A concept change on `feature` (numeric), with z its value standardised by the reference:
 * regression adds amount·z target standard deviations to the target; binary classification moves
 * the positive rate with z: where amount·z > 0 a negative row turns positive with probability
 * 1 − exp(−|amount·z|), where it is < 0 a positive row turns negative with that probability.
 */
export interface ConceptShift extends ShiftTiming {
  feature: string;
  amount: number;
}

/** Every shift of a simulation. */
export interface ShiftPlan {
  numeric: NumericShift[];
  mix?: MixShift;
  concept?: ConceptShift;
}

/** No shift at all. */
export const noShift: ShiftPlan = { numeric: [] };

/** The size of a shift in `month` (1-based): 0 before its start, then a ramp or a step. */
export function shiftAt(amount: number, timing: ShiftTiming, month: number): number {
  const start = timing.start ?? 1;
  if (month < start) return 0;
  return timing.shape === 'step' ? amount : amount * (month - start + 1);
}

/** Mean and population standard deviation of a numeric reference column (1 when constant or empty). */
export interface ReferenceScale {
  mean: number;
  std: number;
}

/** What batches are shifted against: the starting data's scales, and the target's. */
export interface BatchReference {
  scales: Map<string, ReferenceScale>;
  targetStd: number;
  /** Binary classification: the positive class index (concept changes move it). */
  positiveIndex?: number;
  task: 'regression' | 'classification';
}

/** One month's rows: the feature columns and the encoded target. */
export interface Batch {
  table: Table;
  y: Float64Array;
}

/** Mean and population standard deviation of the finite `values` at `rows`. */
export function referenceScale(values: Float64Array, rows: ArrayLike<number>): ReferenceScale {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]];
    if (Number.isFinite(v)) (n++, (sum += v));
  }
  const mean = n ? sum / n : 0;
  let ss = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]];
    if (Number.isFinite(v)) ss += (v - mean) ** 2;
  }
  const std = n ? Math.sqrt(ss / n) : 0;
  return { mean, std: std > 0 ? std : 1 };
}

/**
 * Draws `size` rows with replacement from `pool` (table rows, with `y` their encoded targets) and
 * applies month `month`'s shifts.
 * @param features the columns the batch keeps
 * @param random the month's own stream (seeded by the caller)
 */
export function drawBatch(table: Table, features: readonly Column[], pool: Int32Array, y: Float64Array, size: number, month: number, plan: ShiftPlan, reference: BatchReference, random: Random): Batch {
  const picks = Int32Array.from({ length: size }, () => random.int(pool.length));
  const rows = Int32Array.from(picks, (p) => pool[p]);
  const columns = features.map((c) => subsetColumn(c, rows));
  for (const shift of plan.numeric) {
    const amount = shiftAt(shift.amount, shift, month);
    if (amount === 0) continue;
    const column = columns.find((c) => c.name === shift.column);
    if (column?.storage !== 'number') continue;
    const { mean, std } = reference.scales.get(shift.column) ?? { mean: 0, std: 1 };
    const v = column.values;
    for (let i = 0; i < v.length; i++) v[i] = shift.kind === 'mean' ? v[i] + amount * std : mean + (v[i] - mean) * Math.max(0, 1 + amount);
  }
  if (plan.mix) mixTowards(columns, plan.mix, shiftAt(plan.mix.amount, plan.mix, month), random);
  const batchY = Float64Array.from(picks, (p) => y[p]);
  if (plan.concept) changeConcept(columns, batchY, plan.concept, shiftAt(plan.concept.amount, plan.concept, month), reference, random);
  return { table: { name: `${table.name} month ${month}`, rowCount: size, columns }, y: batchY };
}

/** A copy of `column` holding only `rows`. */
function subsetColumn(column: Column, rows: Int32Array): Column {
  if (column.storage === 'number') return { ...column, values: Float64Array.from(rows, (r) => column.values[r]) };
  return { ...column, codes: Int32Array.from(rows, (r) => column.codes[r]) };
}

function mixTowards(columns: Column[], mix: MixShift, probability: number, random: Random): void {
  const index = columns.findIndex((c) => c.name === mix.column);
  const column = columns[index];
  if (!column || column.storage !== 'category' || probability <= 0) return;
  let code = column.dictionary.indexOf(mix.level);
  const dictionary = code < 0 ? [...column.dictionary, mix.level] : column.dictionary;
  if (code < 0) code = dictionary.length - 1;
  const p = Math.min(1, probability);
  const codes = column.codes;
  for (let i = 0; i < codes.length; i++) if (random.next() < p) codes[i] = code;
  columns[index] = { ...column, dictionary };
}

function changeConcept(columns: Column[], y: Float64Array, concept: ConceptShift, amount: number, reference: BatchReference, random: Random): void {
  const column = columns.find((c) => c.name === concept.feature);
  if (amount === 0 || column?.storage !== 'number') return;
  const { mean, std } = reference.scales.get(concept.feature) ?? { mean: 0, std: 1 };
  const v = column.values;
  const positive = reference.positiveIndex ?? 1;
  const negative = 1 - positive;
  for (let i = 0; i < y.length; i++) {
    const z = Number.isFinite(v[i]) ? (v[i] - mean) / std : 0;
    if (reference.task === 'regression') {
      y[i] += amount * reference.targetStd * z;
      continue;
    }
    const push = amount * z;
    const flip = random.next() < 1 - Math.exp(-Math.abs(push));
    if (!flip) continue;
    if (push > 0 && y[i] === negative) y[i] = positive;
    else if (push < 0 && y[i] === positive) y[i] = negative;
  }
}
