/**
 * The special functions the CLV models need, computed stably on doubles: log Γ (Lanczos,
 * stats/log-gamma.ts), Gauss's hypergeometric ₂F₁ (its power series) and log-sum-exp.
 */
export { lgamma } from '../stats/log-gamma';

/**
 * Gauss's hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1 by its power series, each term
 * from the last (ratio (a+k)(b+k)z / ((c+k)(k+1))), summed until a term no longer changes the sum.
 * The CLV formulas only need z = t / (α + T + t) in [0, 1), where the series converges; near 1 it
 * needs many terms, so it stops at `maxTerms` and throws rather than return a wrong value.
 */
export function hyp2f1(a: number, b: number, c: number, z: number, maxTerms = 1_000_000): number {
  if (!(z >= 0 && z < 1)) throw new Error(`hyp2f1 needs 0 ≤ z < 1, got ${z}`);
  let term = 1;
  let sum = 1;
  for (let k = 0; k < maxTerms; k++) {
    term *= ((a + k) * (b + k) * z) / ((c + k) * (k + 1));
    const next = sum + term;
    if (next === sum || Math.abs(term) < 1e-17 * Math.abs(next)) return next;
    sum = next;
  }
  throw new Error(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge in ${maxTerms} terms`);
}

/** log(e^x + e^y) without overflow or underflow. */
export function logAddExp(x: number, y: number): number {
  if (x === -Infinity) return y;
  if (y === -Infinity) return x;
  const m = Math.max(x, y);
  return m + Math.log(Math.exp(x - m) + Math.exp(y - m));
}
