/** Ranks with ties averaged (scipy `rankdata`, pandas `rank(method='average')`). */
import { argsort } from './argsort';

/** 1-based ranks of `values`, ties given the mean of their ranks; missing (NaN) values get NaN and are not counted. */
export function averageRanks(values: Float64Array): Float64Array {
  const n = values.length;
  const order = argsort(values);
  const m = order.length;
  const ranks = new Float64Array(n).fill(NaN);
  let i = 0;
  while (i < m) {
    let j = i + 1;
    while (j < m && values[order[j]] === values[order[i]]) j++;
    // Positions i..j-1 (0-based) share ranks i+1..j: their mean is (i + 1 + j) / 2.
    const r = (i + 1 + j) / 2;
    for (let t = i; t < j; t++) ranks[order[t]] = r;
    i = j;
  }
  return ranks;
}

/**
 * Percent rank on a 0–100 scale: the average rank divided by the number of non-missing
 * values, times 100, exactly pandas `s.rank(pct=True) * 100` (method 'average'). The
 * smallest of n distinct values gets 100/n, the largest 100; missing values stay NaN.
 */
export function percentRanks(values: Float64Array): Float64Array {
  const ranks = averageRanks(values);
  let m = 0;
  for (let i = 0; i < ranks.length; i++) if (!Number.isNaN(ranks[i])) m++;
  for (let i = 0; i < ranks.length; i++) ranks[i] = (ranks[i] / m) * 100;
  return ranks;
}
