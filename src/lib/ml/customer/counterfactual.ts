/**
 * "What would change the outcome": the smallest change to the features a user marks as actionable
 * that brings a customer's risk probability below the threshold. A grid search inside the ranges
 * seen in the data: every value of one feature (numbers on the slider's grid min + k·step, every
 * other level of a category, the other value of a yes/no), then pairs of features on a coarser grid,
 * the best pair refined on the full grid. The size of a change is its distance in standard
 * deviations of the data (|new − old| / sd), summed over the features changed; a changed category
 * or yes/no counts as 1. Ties go to fewer changed features, then to the lower probability.
 * The model is only a scoring function, so any model (in a worker or a planted one in a test) works.
 */
import type { Profile, ProfileValue } from './profile-row';

/** A feature the search may change, with the range seen in the data. */
export interface ActionableFeature {
  name: string;
  kind: 'number' | 'category' | 'boolean';
  /** Numbers: smallest and largest value seen, and the grid step (values tried are min + k·step ≤ max). */
  min: number;
  max: number;
  step: number;
  /** Numbers: standard deviation in the data, the unit a change is measured in (0: the feature is never changed). */
  sd: number;
  /** Categories: the levels seen. */
  levels: readonly string[];
  /** Yes/no: the file's words for 0 and 1. */
  labels?: readonly [string, string];
}

/** Options of {@link findCounterfactual}. */
export interface CounterfactualOptions {
  /** The outcome changes when the probability falls below this (default 0.5: the page's "at risk" cut). */
  threshold: number;
  /** At most this many features change together (default 2). */
  maxChanged: 1 | 2;
  /** Values per numeric feature in the pair search (default 25; the best pair is then refined on the full grid). */
  pairValues: number;
  /** Profiles scored per call of the scoring function (default 4096). */
  batchRows: number;
  /** Called after each step (the single changes, then each pair of features) with steps done and in all. */
  onProgress?: (done: number, total: number, note?: string) => void;
}

/** Defaults of {@link CounterfactualOptions}. */
export const defaultCounterfactualOptions: Omit<CounterfactualOptions, 'onProgress'> = { threshold: 0.5, maxChanged: 2, pairValues: 25, batchRows: 4096 };

/** Scores profiles: the probability of "at risk" of each, in order. */
export type ProbabilityOf = (profiles: readonly Profile[]) => Promise<ArrayLike<number>> | ArrayLike<number>;

/** One feature's change. */
export interface FeatureChange {
  name: string;
  kind: ActionableFeature['kind'];
  from: ProfileValue;
  to: ProfileValue;
  /** Size of the change in standard deviations (1 for a category or yes/no). */
  cost: number;
}

/** The search's answer. */
export type Counterfactual =
  | { status: 'not-at-risk'; probability: number; threshold: number; evaluated: number }
  | { status: 'found'; probability: number; threshold: number; after: number; changes: FeatureChange[]; cost: number; evaluated: number }
  | { status: 'none'; probability: number; threshold: number; lowest: { probability: number; changes: FeatureChange[] } | null; evaluated: number };

interface Candidate {
  options: Option[];
  cost: number;
  p: number;
}

interface Option {
  feature: number;
  value: ProfileValue;
  cost: number;
}

/**
 * Finds the smallest change to `features` (actionable ones) of `profile` that brings `probabilityOf`
 * below the threshold; other fields never change.
 * @param profile the customer (every model input)
 * @param features the actionable features and their ranges
 * @param probabilityOf scores profiles (batched)
 * @param options threshold (default 0.5), maxChanged (2), pairValues (25), batchRows (4096)
 */
export async function findCounterfactual(profile: Profile, features: readonly ActionableFeature[], probabilityOf: ProbabilityOf, options: Partial<CounterfactualOptions> = {}): Promise<Counterfactual> {
  const o = { ...defaultCounterfactualOptions, ...options };
  if (!(o.threshold > 0 && o.threshold <= 1)) throw new Error(`findCounterfactual: threshold must be in (0, 1], got ${o.threshold}`);
  for (const f of features) if (!profile.has(f.name)) throw new Error(`findCounterfactual: the profile has no "${f.name}"`);
  let evaluated = 0;
  const score = async (candidates: readonly Option[][]): Promise<Float64Array> => {
    const out = new Float64Array(candidates.length);
    for (let start = 0; start < candidates.length; start += o.batchRows) {
      const batch = candidates.slice(start, start + o.batchRows).map((c) => withChanges(profile, features, c));
      const p = await probabilityOf(batch);
      if (p.length !== batch.length) throw new Error(`findCounterfactual: ${batch.length} profiles scored as ${p.length} probabilities`);
      out.set(Array.from(p), start);
      evaluated += batch.length;
    }
    return out;
  };
  const [probability] = await score([[]]);
  if (probability < o.threshold) return { status: 'not-at-risk', probability, threshold: o.threshold, evaluated };

  // held in one object: TypeScript does not see the closures below assign it
  const seen: { best: Candidate | null; lowest: { options: Option[]; p: number } | null } = { best: null, lowest: null };
  const consider = (candidates: readonly Option[][], p: Float64Array): void => {
    candidates.forEach((c, i) => {
      if (!seen.lowest || p[i] < seen.lowest.p) seen.lowest = { options: c, p: p[i] };
      if (!(p[i] < o.threshold)) return;
      const cost = c.reduce((s, x) => s + x.cost, 0);
      const best = seen.best;
      if (!best || cost < best.cost - 1e-9 || (Math.abs(cost - best.cost) <= 1e-9 && (c.length < best.options.length || (c.length === best.options.length && p[i] < best.p)))) {
        seen.best = { options: c, cost, p: p[i] };
      }
    });
  };
  const run = async (candidates: Option[][]): Promise<void> => consider(candidates, await score(candidates));

  const choices = features.map((f, j) => optionsOf(f, j, profile.get(f.name) ?? null));
  const pairCount = o.maxChanged >= 2 ? (features.length * (features.length - 1)) / 2 : 0;
  let step = 0;
  o.onProgress?.(0, 1 + pairCount, 'one feature at a time');
  await run(choices.flatMap((list) => list.map((x) => [x])));
  o.onProgress?.(++step, 1 + pairCount, 'pairs of features');

  if (o.maxChanged >= 2) {
    const coarse = choices.map((list, j) => (features[j].kind === 'number' ? thin(list, o.pairValues) : list));
    for (let a = 0; a < features.length; a++) {
      for (let b = a + 1; b < features.length; b++) {
        const limit = seen.best?.cost ?? Infinity;
        if (minCost(choices[a]) + minCost(choices[b]) < limit) {
          const pairs: Option[][] = [];
          for (const x of coarse[a]) for (const y of coarse[b]) if (x.cost + y.cost < limit) pairs.push([x, y]);
          await run(pairs);
        }
        o.onProgress?.(++step, 1 + pairCount, 'pairs of features');
      }
    }
    // the coarse grid's best pair, each value moved back toward the customer's own on the full grid
    for (let round = 0; round < 2 && seen.best?.options.length === 2; round++) {
      for (const k of [0, 1]) {
        const pair = seen.best.options;
        const moving = pair[k];
        const fixed = pair[1 - k];
        const own = profile.get(features[moving.feature].name) ?? null;
        const closer = choices[moving.feature].filter((x) => x.cost < moving.cost && sameSide(own, x.value, moving.value));
        await run(closer.map((x) => (k === 0 ? [x, fixed] : [fixed, x])));
      }
    }
  }

  const changesOf = (list: readonly Option[]): FeatureChange[] =>
    list.map((x) => ({ name: features[x.feature].name, kind: features[x.feature].kind, from: profile.get(features[x.feature].name) ?? null, to: x.value, cost: x.cost }));
  const { best, lowest } = seen;
  if (best) return { status: 'found', probability, threshold: o.threshold, after: best.p, changes: changesOf(best.options), cost: best.cost, evaluated };
  return { status: 'none', probability, threshold: o.threshold, lowest: lowest && lowest.p < probability ? { probability: lowest.p, changes: changesOf(lowest.options) } : null, evaluated };
}

/** The values of a number on the slider's grid: min + k·step for k = 0 … ⌊(max − min)/step⌋, without float noise. */
export function gridOf(feature: Pick<ActionableFeature, 'min' | 'max' | 'step'>): number[] {
  const { min, max, step } = feature;
  if (!(Number.isFinite(min) && Number.isFinite(max) && step > 0) || max < min) return [];
  const count = Math.floor((max - min) / step + 1e-9);
  const digits = Math.min(12, Math.max(decimalsOf(step), decimalsOf(min)));
  return Array.from({ length: count + 1 }, (_, k) => Number((min + k * step).toFixed(digits)));
}

/** One change in words: "raise purchase_frequency from 12 to 17", "change region from North to West". */
export function describeChange(change: FeatureChange, labels?: readonly [string, string]): string {
  const { name, from, to } = change;
  if (change.kind === 'number' && typeof to === 'number') {
    return typeof from === 'number' ? `${to > from ? 'raise' : 'lower'} ${name} from ${from} to ${to}` : `set ${name} (now missing) to ${to}`;
  }
  const word = (v: ProfileValue): string => (v === null ? 'missing' : change.kind === 'boolean' ? (labels?.[Number(v)] ?? (v ? 'true' : 'false')) : String(v));
  return `change ${name} from ${word(from)} to ${word(to)}`;
}

function optionsOf(feature: ActionableFeature, index: number, current: ProfileValue): Option[] {
  if (feature.kind === 'number') {
    if (!(feature.sd > 0)) return [];
    return gridOf(feature)
      .filter((v) => v !== current)
      .map((v) => ({ feature: index, value: v, cost: typeof current === 'number' ? Math.abs(v - current) / feature.sd : 1 }));
  }
  const values: ProfileValue[] = feature.kind === 'boolean' ? [0, 1] : [...feature.levels];
  return values.filter((v) => v !== current).map((v) => ({ feature: index, value: v, cost: 1 }));
}

/** About `count` of a number's options spread over its range, both ends kept. */
function thin(list: readonly Option[], count: number): Option[] {
  if (list.length <= count) return [...list];
  const every = Math.ceil(list.length / count);
  return list.filter((_, i) => i % every === 0 || i === list.length - 1);
}

function minCost(list: readonly Option[]): number {
  return list.reduce((m, x) => Math.min(m, x.cost), Infinity);
}

/** Is `value` on the same side of `current` as `target` (a move toward the customer's own value)? */
function sameSide(current: ProfileValue, value: ProfileValue, target: ProfileValue): boolean {
  if (typeof current !== 'number' || typeof value !== 'number' || typeof target !== 'number') return false;
  return Math.sign(value - current) === Math.sign(target - current);
}

function withChanges(profile: Profile, features: readonly ActionableFeature[], changes: readonly Option[]): Profile {
  const out = new Map(profile);
  for (const c of changes) out.set(features[c.feature].name, c.value);
  return out;
}

function decimalsOf(x: number): number {
  const text = String(x);
  const exponent = text.match(/e-(\d+)$/);
  if (exponent) return Number(exponent[1]) + (text.split('e')[0].split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}
