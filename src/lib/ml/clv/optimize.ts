/**
 * A small derivative-free minimiser (Nelder–Mead, restarted from its best point until a restart
 * no longer improves) and the finite-difference gradient and Hessian used to report how well a
 * fit converged and its standard errors. Enough for the 3–4 parameters of the CLV models; no
 * package on npm does this with reported convergence.
 */

/** Options of {@link minimize}. */
export interface MinimizeOptions {
  /** Stop when the simplex's values differ by less than this (absolute plus relative). Default 1e-10. */
  fTolerance: number;
  /** Stop when the simplex is smaller than this in every coordinate. Default 1e-8. */
  xTolerance: number;
  /** Most function evaluations in all. Default 20,000. */
  maxEvaluations: number;
  /** Size of the first simplex's steps. Default 0.5. */
  step: number;
  /** Most restarts from the best point. Default 5. */
  maxRestarts: number;
}

/** Defaults of {@link MinimizeOptions}. */
export const defaultMinimizeOptions: MinimizeOptions = { fTolerance: 1e-10, xTolerance: 1e-8, maxEvaluations: 20_000, step: 0.5, maxRestarts: 5 };

/** Where a minimisation ended and why. */
export interface MinimizeResult {
  x: number[];
  value: number;
  evaluations: number;
  /** True when it stopped because the simplex converged, false when it ran out of evaluations. */
  converged: boolean;
  /** Why it stopped, in words. */
  message: string;
}

/** Runs Nelder–Mead from `start` (standard coefficients 1, 2, 0.5, 0.5); non-finite values count as +∞. */
function nelderMead(f: (x: number[]) => number, start: number[], options: MinimizeOptions, budget: number): MinimizeResult {
  const n = start.length;
  const value = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let evaluations = 0;
  const points: number[][] = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i] += options.step;
    points.push(p);
  }
  const values = points.map((p) => (evaluations++, value(p)));
  const order = points.map((_, i) => i);
  while (evaluations < budget) {
    order.sort((i, j) => values[i] - values[j]);
    const best = order[0];
    const worst = order[n];
    const spread = Math.abs(values[worst] - values[best]);
    let size = 0;
    for (const i of order) for (let d = 0; d < n; d++) size = Math.max(size, Math.abs(points[i][d] - points[best][d]));
    if (spread <= options.fTolerance * (1 + Math.abs(values[best])) && size <= options.xTolerance) {
      return { x: points[best], value: values[best], evaluations, converged: true, message: 'converged' };
    }
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) for (let d = 0; d < n; d++) centroid[d] += points[order[k]][d] / n;
    const along = (t: number) => centroid.map((c, d) => c + t * (points[worst][d] - c));
    const reflected = along(-1);
    const fr = (evaluations++, value(reflected));
    const secondWorst = values[order[n - 1]];
    if (fr < values[best]) {
      const expanded = along(-2);
      const fe = (evaluations++, value(expanded));
      [points[worst], values[worst]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < secondWorst) {
      [points[worst], values[worst]] = [reflected, fr];
    } else {
      const contracted = fr < values[worst] ? along(-0.5) : along(0.5);
      const fc = (evaluations++, value(contracted));
      if (fc < Math.min(fr, values[worst])) {
        [points[worst], values[worst]] = [contracted, fc];
      } else {
        for (let k = 1; k <= n; k++) {
          const i = order[k];
          points[i] = points[i].map((v, d) => points[best][d] + 0.5 * (v - points[best][d]));
          values[i] = (evaluations++, value(points[i]));
        }
      }
    }
  }
  order.sort((i, j) => values[i] - values[j]);
  return { x: points[order[0]], value: values[order[0]], evaluations, converged: false, message: `stopped after ${evaluations} evaluations without converging` };
}

/**
 * Minimises `f` from `start` by Nelder–Mead, restarting a fresh simplex at the best point until a
 * restart improves the value by less than the tolerance (a collapsed simplex can stop short of the
 * minimum; the restart is the usual cure).
 * @param options see {@link defaultMinimizeOptions}
 */
export function minimize(f: (x: number[]) => number, start: number[], options: Partial<MinimizeOptions> = {}): MinimizeResult {
  const o = { ...defaultMinimizeOptions, ...options };
  let result = nelderMead(f, start, o, o.maxEvaluations);
  let evaluations = result.evaluations;
  for (let i = 0; i < o.maxRestarts && result.converged && evaluations < o.maxEvaluations; i++) {
    const again = nelderMead(f, result.x, { ...o, step: Math.max(o.step / 10, 1e-3) }, o.maxEvaluations - evaluations);
    evaluations += again.evaluations;
    const improved = result.value - again.value > o.fTolerance * (1 + Math.abs(result.value));
    if (again.value <= result.value) result = again;
    if (!improved) break;
  }
  if (!Number.isFinite(result.value)) return { ...result, evaluations, converged: false, message: 'the function was not finite anywhere the search went' };
  return { ...result, evaluations };
}

/** Central-difference gradient of `f` at `x` with step `h` (default 1e-5). */
export function numericGradient(f: (x: number[]) => number, x: number[], h = 1e-5): number[] {
  return x.map((_, i) => {
    const up = x.slice();
    const down = x.slice();
    up[i] += h;
    down[i] -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/** Central-difference Hessian of `f` at `x` with step `h` (default 1e-3), symmetric. */
export function numericHessian(f: (x: number[]) => number, x: number[], h = 1e-3): number[][] {
  const n = x.length;
  const at = (di: number, dj: number, i: number, j: number) => {
    const p = x.slice();
    p[i] += di;
    p[j] += dj;
    return f(p);
  };
  const f0 = f(x);
  const hessian = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    hessian[i][i] = (at(h, 0, i, i) - 2 * f0 + at(-h, 0, i, i)) / (h * h);
    for (let j = 0; j < i; j++) {
      const v = (at(h, h, i, j) - at(h, -h, i, j) - at(-h, h, i, j) + at(-h, -h, i, j)) / (4 * h * h);
      hessian[i][j] = hessian[j][i] = v;
    }
  }
  return hessian;
}

/** The inverse of a small square matrix (Gauss–Jordan with partial pivoting), or null when singular. */
export function invertMatrix(matrix: number[][]): number[][] | null {
  const n = matrix.length;
  const a = matrix.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (!(Math.abs(a[pivot][col]) > 1e-300)) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const p = a[col][col];
    for (let k = 0; k < 2 * n; k++) a[col][k] /= p;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = a[r][col];
      if (factor !== 0) for (let k = 0; k < 2 * n; k++) a[r][k] -= factor * a[col][k];
    }
  }
  return a.map((row) => row.slice(n));
}
