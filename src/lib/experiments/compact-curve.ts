/**
 * Curves kept in a run's record are bounded: at most `maxCurvePoints` points, each value rounded to
 * `curveDigits` significant digits, so a record stays a few kilobytes whatever the data's size
 * (a pooled ROC curve of 200,000 rows has up to 200,000 thresholds).
 */
import type { CurvePoints } from './run-record';

/** Most points a recorded curve keeps. */
export const maxCurvePoints = 200;

/** Significant digits a recorded curve keeps. */
export const curveDigits = 5;

/** `value` to `digits` significant digits (non-finite values as they are). */
export function roundTo(value: number, digits = curveDigits): number {
  return Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(digits)) : value;
}

/**
 * Every `step`-th point of a curve, its first and last always kept, rounded.
 * @param maxPoints most points kept (default 200)
 */
export function thinCurve(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints = maxCurvePoints): CurvePoints {
  const n = Math.min(x.length, y.length);
  if (n === 0) return { x: [], y: [] };
  const keep: number[] = [];
  if (n <= maxPoints) for (let i = 0; i < n; i++) keep.push(i);
  else {
    // maxPoints − 1 even steps from the first point to the last.
    for (let j = 0; j < maxPoints; j++) keep.push(Math.round((j * (n - 1)) / (maxPoints - 1)));
  }
  return { x: keep.map((i) => roundTo(x[i])), y: keep.map((i) => roundTo(y[i])) };
}

/** Only the points at `rows` (e.g. a seeded sample of out-of-fold rows), rounded. */
export function pickPoints(x: ArrayLike<number>, y: ArrayLike<number>, rows: ArrayLike<number>): CurvePoints {
  return { x: Array.from(rows, (i) => roundTo(x[i])), y: Array.from(rows, (i) => roundTo(y[i])) };
}
