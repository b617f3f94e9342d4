/**
 * Maximum likelihood on log-parameters, shared by BG/NBD and Gamma-Gamma: minimise the mean
 * negative log-likelihood (plus an optional L2 penalty) over log θ, then report convergence, the
 * gradient there, and standard errors from the Hessian of the total log-likelihood. A fit never
 * returns NaN silently: a failed one says why in `message` with `converged: false`.
 */
import { invertMatrix, minimize, numericGradient, numericHessian, type MinimizeOptions } from './optimize';

/** A fitted model's parameters with what the fit reports about them. */
export interface MleFit {
  /** Parameter values, in the model's order. */
  values: number[];
  /** Standard errors from the inverse Hessian (NaN when the Hessian is not positive definite). */
  standardErrors: number[];
  /** Covariance of log θ (the inverse Hessian of −log L in log θ), or null when it is not positive definite. */
  logCovariance: number[][] | null;
  /** Total log-likelihood at the estimate (without the penalty). */
  loglik: number;
  /** Did the search converge, with a finite value and a small gradient? */
  converged: boolean;
  /** Largest |∂(mean −log L)/∂ log θ| at the estimate. */
  gradientNorm: number;
  evaluations: number;
  /** Why the fit stopped, or why it failed. */
  message: string;
}

/** Options of {@link fitLogParameters}. */
export interface MleOptions {
  /** L2 penalty on the parameters (added to the mean negative log-likelihood). Default 0. */
  l2: number;
  /** Gradient norm above which the fit is reported as not converged. Default 1e-4. */
  gradientTolerance: number;
  /** Parameter names, for messages. Default θ1, θ2, …. */
  names?: readonly string[];
  minimize?: Partial<MinimizeOptions>;
}

/** Defaults of {@link MleOptions}. */
export const defaultMleOptions: MleOptions = { l2: 0, gradientTolerance: 1e-4 };

/**
 * Fits θ by maximum likelihood on u = log θ.
 * @param loglik total log-likelihood at θ (natural parameters)
 * @param start starting θ (all > 0)
 * @param count the number of customers (the mean is what is minimised)
 */
export function fitLogParameters(loglik: (theta: number[]) => number, start: number[], count: number, options: Partial<MleOptions> = {}): MleFit {
  const o = { ...defaultMleOptions, ...options };
  const objective = (u: number[]) => {
    const theta = u.map(Math.exp);
    const penalty = o.l2 ? o.l2 * theta.reduce((s, t) => s + t * t, 0) : 0;
    return -loglik(theta) / count + penalty;
  };
  const result = minimize(objective, start.map(Math.log), o.minimize);
  const values = result.x.map(Math.exp);
  const total = loglik(values);
  if (!Number.isFinite(total) || values.some((v) => !Number.isFinite(v))) {
    return { values, standardErrors: values.map(() => NaN), logCovariance: null, loglik: total, converged: false, gradientNorm: NaN, evaluations: result.evaluations, message: `the log-likelihood is not finite at the end of the search (${result.message})` };
  }
  const gradientNorm = Math.max(...numericGradient(objective, result.x).map(Math.abs));
  // Standard errors of θ from those of log θ (delta method; exact at an optimum where the gradient is zero).
  const hessian = numericHessian((u) => -loglik(u.map(Math.exp)), result.x);
  const covariance = invertMatrix(hessian);
  const standardErrors = values.map((v, i) => {
    const varU = covariance?.[i][i] ?? NaN;
    return varU > 0 ? v * Math.sqrt(varU) : NaN;
  });
  const isPositive = !!covariance && covariance.every((row, i) => row[i] > 0);
  const small = gradientNorm <= o.gradientTolerance;
  // A parameter that ran off toward 0 or ∞: the likelihood has no maximum inside, whatever the gradient says.
  const runaway = values.findIndex((v) => v > 1e6 || v < 1e-6);
  const name = (i: number) => o.names?.[i] ?? `θ${i + 1}`;
  const converged = result.converged && small && runaway < 0;
  const message = !result.converged
    ? result.message
    : runaway >= 0
      ? `${name(runaway)} ran off to ${values[runaway].toPrecision(3)}: the likelihood keeps rising toward a boundary, so the data cannot pin the parameters down`
      : small
        ? 'converged'
        : `the search stopped with gradient ${gradientNorm.toExponential(2)} (over ${o.gradientTolerance})`;
  return { values, standardErrors, logCovariance: isPositive ? covariance : null, loglik: total, converged, gradientNorm, evaluations: result.evaluations, message };
}
