/**
 * Synthetic customers shaped like the default dataset, scaled up, following the
 * recipe of the published scikit-learn timings (../shared/reference/timings.md):
 * one latent factor z ~ N(0,1) per customer drives every numeric column,
 * col = mean + std·(sqrt(1−0.15²)·z + 0.15·ε), clipped and rounded like the original;
 * region drawn 78:77:77:6 for North, South, West, East.
 */
import { scaleData } from '../src/lib/ml/segments/scale';
import { Random } from '../src/lib/ml/core/random';

/** The synthetic columns, one typed array each; `region` holds codes into `regions`. */
export interface SyntheticCustomers {
  n: number;
  age: Float64Array;
  annual_income: Float64Array;
  purchase_amount: Float64Array;
  loyalty_score: Float64Array;
  purchase_frequency: Float64Array;
  region: Int32Array;
  regions: string[];
}

const specs = {
  age: { mean: 38.7, std: 9.35, min: 18, max: 80, decimals: 0 },
  annual_income: { mean: 57400, std: 11400, min: 15000, max: 150000, decimals: 0 },
  purchase_amount: { mean: 425.6, std: 140, min: 50, max: 1200, decimals: 0 },
  loyalty_score: { mean: 6.79, std: 1.9, min: 1, max: 10, decimals: 1 },
  purchase_frequency: { mean: 19.8, std: 4.56, min: 1, max: 50, decimals: 0 },
} as const;

/** `n` synthetic customers from `seed` (default 42). */
export function generateCustomers(n: number, seed = 42): SyntheticCustomers {
  const random = new Random(seed);
  const cols = Object.fromEntries(Object.keys(specs).map((k) => [k, new Float64Array(n)])) as Record<
    keyof typeof specs,
    Float64Array
  >;
  const region = new Int32Array(n);
  const a = Math.sqrt(1 - 0.15 * 0.15);
  for (let i = 0; i < n; i++) {
    const z = random.normal();
    for (const key of Object.keys(specs) as (keyof typeof specs)[]) {
      const s = specs[key];
      const raw = s.mean + s.std * (a * z + 0.15 * random.normal());
      const p = 10 ** s.decimals;
      cols[key][i] = Math.round(Math.min(s.max, Math.max(s.min, raw)) * p) / p;
    }
    const r = random.next() * 238;
    region[i] = r < 78 ? 0 : r < 155 ? 1 : r < 232 ? 2 : 3;
  }
  return { n, ...cols, region, regions: ['North', 'South', 'West', 'East'] };
}

/**
 * The regression problem of the timings: features age, annual_income, loyalty_score,
 * purchase_frequency and region one-hot (8 columns, row-major); target purchase_amount.
 */
export function regressionProblem(c: SyntheticCustomers): { X: Float64Array; y: Float64Array; cols: number } {
  const cols = 8;
  const X = new Float64Array(c.n * cols);
  for (let i = 0; i < c.n; i++) {
    const o = i * cols;
    X[o] = c.age[i];
    X[o + 1] = c.annual_income[i];
    X[o + 2] = c.loyalty_score[i];
    X[o + 3] = c.purchase_frequency[i];
    X[o + 4 + c.region[i]] = 1;
  }
  return { X, y: c.purchase_amount.slice(), cols };
}

/** The five numeric columns of `n` synthetic customers, row-major n × 5, standardised (the clustering input). */
export function customersMatrix(n: number): Float64Array {
  const c = generateCustomers(n);
  const cols = [c.age, c.annual_income, c.purchase_amount, c.loyalty_score, c.purchase_frequency];
  const d = cols.length;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = cols[j][i];
  return scaleData(data, n, d, 'standard');
}
