/** The out-of-fold rows a scatter plot draws: all of them up to {@link maxPlottedPoints}, else a seeded sample (said on the chart). */
import type { CvResult } from '../../ml/evaluation/cv/cross-validate';
import { sampleRows } from '../../ml/stats/sample-rows';

/**
 * Most points a scatter plot draws: each SVG point costs about 0.05 ms to draw (twice that on two
 * busy cores: 1,000 points held the page for 100–160 ms there), and the page must not freeze.
 */
export const maxPlottedPoints = 500;

/** Actual, predicted and fold of the plotted out-of-fold rows, and whether they are a sample. */
export function plottedRows(result: CvResult): { actual: number[]; predicted: number[]; fold: number[]; sampled: boolean; total: number } {
  const { yTrue, predictions, fold } = result.oof;
  const picked = sampleRows(yTrue.length, maxPlottedPoints, 0);
  return {
    actual: Array.from(picked, (i) => yTrue[i]),
    predicted: Array.from(picked, (i) => predictions[i]),
    fold: Array.from(picked, (i) => fold[i]),
    sampled: picked.length < yTrue.length,
    total: yTrue.length,
  };
}
