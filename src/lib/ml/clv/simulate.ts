/**
 * Customers drawn from the BG/NBD and Gamma-Gamma models themselves, seeded: the data the
 * parameter-recovery tests and the benchmarks fit (the real CDNOW file is not ours to ship).
 */
import { Random } from '../core/random';
import type { BgNbdParams } from './bgnbd';
import type { GammaGammaParams } from './gamma-gamma';

/** A Gamma(shape, rate) deviate (Marsaglia & Tsang 2000; shape < 1 boosted by U^(1/shape)). */
export function sampleGamma(random: Random, shape: number, rate: number): number {
  if (shape < 1) {
    let u = 0;
    while (u === 0) u = random.next();
    return sampleGamma(random, shape + 1, rate) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x = 0;
    let v = 0;
    do {
      x = random.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return (d * v) / rate;
  }
}

/** A Beta(a, b) deviate from two Gamma deviates. */
export function sampleBeta(random: Random, a: number, b: number): number {
  const x = sampleGamma(random, a, 1);
  const y = sampleGamma(random, b, 1);
  return x / (x + y);
}

/** One simulated customer: purchase times after the first (which is at 0) and each purchase's value. */
export interface SimulatedCustomer {
  /** Times of the repeat purchases, increasing, all ≤ T. */
  times: number[];
  /** Values of all purchases, the first one included (length times.length + 1). */
  values: number[];
  age: number;
}

/**
 * Draws customers from BG/NBD (purchase times up to each customer's T) and, when `spend` is given,
 * Gamma-Gamma (a value for every purchase).
 * @param ages each customer's T (time since the first purchase at the end of observation)
 * @param seed seed of every draw (default 0)
 */
export function simulateCustomers(params: BgNbdParams, ages: ArrayLike<number>, spend: GammaGammaParams | null, seed = 0): SimulatedCustomer[] {
  const random = new Random(seed);
  const customers: SimulatedCustomer[] = [];
  for (let i = 0; i < ages.length; i++) {
    const T = ages[i];
    const lambda = sampleGamma(random, params.r, params.alpha);
    const p = sampleBeta(random, params.a, params.b);
    const times: number[] = [];
    let t = 0;
    for (;;) {
      let u = 0;
      while (u === 0) u = random.next();
      t += -Math.log(u) / lambda;
      if (t > T) break;
      times.push(t);
      if (random.next() < p) break;
    }
    const values: number[] = [];
    if (spend) {
      const nu = sampleGamma(random, spend.q, spend.v);
      for (let k = 0; k <= times.length; k++) values.push(sampleGamma(random, spend.p, nu));
    }
    customers.push({ times, values, age: T });
  }
  return customers;
}

/** Options of {@link simulateLog}. */
export interface SimulatedLogOptions {
  customers: number;
  /** First day of the log (epoch ms, 00:00 UTC). */
  start: number;
  /** Days over which first purchases are spread. */
  joinDays: number;
  /** Days from `start` to the end of observation. */
  days: number;
  bgnbd: BgNbdParams;
  spend: GammaGammaParams;
  seed: number;
}

/** A transaction log as columns: customer index, time (epoch ms at 00:00 UTC) and amount per row. */
export interface SimulatedLog {
  customer: Int32Array;
  time: Float64Array;
  amount: Float64Array;
}

/**
 * A transaction log drawn from the models in weeks: each customer's first purchase on a day within
 * `joinDays` of `start`, then BG/NBD purchase times up to the end, each on its calendar day, with
 * Gamma-Gamma amounts (rounded to cents). Rows come in customer order.
 */
export function simulateLog(options: SimulatedLogOptions): SimulatedLog {
  const random = new Random(options.seed + 1);
  const firstDays = Array.from({ length: options.customers }, () => random.int(options.joinDays));
  const ages = firstDays.map((d) => (options.days - d) / 7);
  const customers = simulateCustomers(options.bgnbd, ages, options.spend, options.seed);
  let rows = 0;
  for (const c of customers) rows += c.times.length + 1;
  const log = { customer: new Int32Array(rows), time: new Float64Array(rows), amount: new Float64Array(rows) };
  let k = 0;
  customers.forEach((c, i) => {
    for (let j = 0; j <= c.times.length; j++) {
      const day = firstDays[i] + (j === 0 ? 0 : Math.min(Math.floor(c.times[j - 1] * 7), options.days - firstDays[i]));
      log.customer[k] = i;
      log.time[k] = options.start + day * 86_400_000;
      log.amount[k] = Math.max(0.01, Math.round(c.values[j] * 100) / 100);
      k++;
    }
  });
  return log;
}
