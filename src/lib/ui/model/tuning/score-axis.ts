/** A y-axis range for trial scores that keeps the good trials readable when a few are far worse. */

/** The axis range and the score below which trials are drawn on its bottom edge. */
export interface ScoreAxis {
  range: [number, number];
  /** Scores below this are off the range (−Infinity when none are cut). */
  floor: number;
  /** Where cut trials are drawn. */
  edge: number;
}

/**
 * Covers every score unless some lie far below the lower quartile q (more than 1.5× the gap from q
 * to the best, like a box plot's whisker): those are cut off and drawn at the bottom edge.
 * Null when there are no finite scores.
 */
export function scoreAxis(scores: readonly number[]): ScoreAxis | null {
  const finite = scores.filter(Number.isFinite).sort((a, b) => a - b);
  if (!finite.length) return null;
  const best = finite[finite.length - 1];
  const quartile = finite[Math.round(0.25 * (finite.length - 1))];
  const whisker = quartile - 1.5 * (best - quartile);
  const isCut = best > quartile && finite[0] < whisker;
  const low = isCut ? whisker : finite[0];
  const pad = (best - low || Math.abs(best) || 1) * 0.08;
  return { range: [low - pad, best + pad], floor: isCut ? low : -Infinity, edge: low - pad / 2 };
}
