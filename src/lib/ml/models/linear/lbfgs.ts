/** Limited-memory BFGS for smooth unconstrained minimisation (small dense problems). */

/** Options of L-BFGS. */
export interface LbfgsOptions {
  /** Maximum iterations; default 100 (sklearn LogisticRegression max_iter). */
  maxIter: number;
  /** Stop when the largest gradient component is below this (scipy pgtol, sklearn tol); default 1e-4. */
  gtol: number;
  /** Number of correction pairs kept; default 10. */
  memory: number;
}

/** Defaults of L-BFGS. */
export const defaultLbfgsOptions: LbfgsOptions = { maxIter: 100, gtol: 1e-4, memory: 10 };

/** An objective: writes the gradient at x into `grad` and returns the value. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

/** Minimises `f` from `x0` (not modified); returns the minimiser and how it stopped. */
export function minimizeLbfgs(
  f: Objective,
  x0: Float64Array,
  options: Partial<LbfgsOptions> = {},
  onIteration?: (iteration: number) => void,
): { x: Float64Array; value: number; iterations: number; converged: boolean } {
  const o = { ...defaultLbfgsOptions, ...options };
  const d = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(d);
  let fx = f(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alphas = new Float64Array(o.memory);
  const dir = new Float64Array(d);
  let xNew = new Float64Array(d);
  let gNew = new Float64Array(d);
  let iterations = 0;
  let converged = maxAbs(g) <= o.gtol;
  while (!converged && iterations < o.maxIter) {
    // Two-loop recursion: dir = −H g.
    dir.set(g);
    for (let i = S.length - 1; i >= 0; i--) {
      alphas[i] = rho[i] * dot(S[i], dir);
      axpy(-alphas[i], Y[i], dir);
    }
    if (S.length) {
      const last = S.length - 1;
      scale(dir, dot(S[last], Y[last]) / dot(Y[last], Y[last]));
    } else {
      scale(dir, 1 / Math.max(Math.sqrt(dot(g, g)), 1e-12));
    }
    for (let i = 0; i < S.length; i++) {
      const beta = rho[i] * dot(Y[i], dir);
      axpy(alphas[i] - beta, S[i], dir);
    }
    scale(dir, -1);
    let slope = dot(g, dir);
    if (!(slope < 0)) {
      // Not a descent direction (curvature info went stale): restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      for (let j = 0; j < d; j++) dir[j] = -g[j];
      slope = -dot(g, g);
    }
    let step = 1;
    let fNew = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < d; j++) xNew[j] = x[j] + step * dir[j];
      fNew = f(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    iterations++;
    onIteration?.(iterations);
    if (!(fNew <= fx)) break;
    const s = new Float64Array(d);
    const y = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      s[j] = xNew[j] - x[j];
      y[j] = gNew[j] - g[j];
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(y, y) * dot(s, s))) {
      if (S.length === o.memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    const decrease = fx - fNew;
    fx = fNew;
    converged = maxAbs(g) <= o.gtol || decrease <= 1e-15 * Math.max(Math.abs(fx), 1);
  }
  return { x, value: fx, iterations, converged };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}

function scale(x: Float64Array, a: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= a;
}

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}
