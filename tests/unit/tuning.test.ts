import { describe, expect, it } from 'vitest';
import type { ModelKind } from '../../src/lib/ml/core/model';
import { Random } from '../../src/lib/ml/core/random';
import { randomSearch } from '../../src/lib/ml/evaluation/tuning/random-search';
import type { Trial } from '../../src/lib/ml/evaluation/tuning/run-trials';
import { defaultSearchSpace, sampleParams, validateSearchSpace, type Params, type SearchSpace } from '../../src/lib/ml/evaluation/tuning/search-space';
import { halvingSchedule, successiveHalving } from '../../src/lib/ml/evaluation/tuning/successive-halving';

const space: SearchSpace = {
  x: { type: 'float', min: 0, max: 1 },
  alpha: { type: 'float', min: 1e-4, max: 1e2, log: true },
  n: { type: 'int', min: 1, max: 100 },
  kind: { type: 'choice', values: ['a', 'b', 'c'] },
};

/** Known optimum 0 at x = 0.3, alpha = 0.01, n = 40, kind = 'b'. */
function objective(p: Params): number {
  const x = p.x as number;
  const alpha = p.alpha as number;
  const n = p.n as number;
  return -((x - 0.3) ** 2) - ((Math.log10(alpha) + 2) ** 2) / 36 - ((n - 40) / 100) ** 2 - (p.kind === 'b' ? 0 : 0.05);
}

/** Resolves after a delay that depends on the params, so trials finish out of order. */
function later<T>(value: T, p: Params): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), Math.floor((p.x as number) * 5)));
}

describe('search space', () => {
  it('samples within ranges, integers as integers, log ranges evenly in the exponent', () => {
    const random = new Random(1);
    const logs: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const p = sampleParams(space, random);
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThan(1);
      expect(Number.isInteger(p.n) && (p.n as number) >= 1 && (p.n as number) <= 100).toBe(true);
      expect(['a', 'b', 'c']).toContain(p.kind);
      logs.push(Math.log10(p.alpha as number));
    }
    logs.sort((a, b) => a - b);
    expect(logs[0]).toBeGreaterThanOrEqual(-4);
    expect(logs[1999]).toBeLessThanOrEqual(2);
    expect(logs[1000]).toBeCloseTo(-1, 0);
    const ints = Array.from({ length: 3000 }, () => sampleParams({ k: { type: 'int', min: 1, max: 8, log: true } }, random).k as number);
    // log-uniform over [1, 9): P(k = 1) = log 2 / log 9 ≈ 0.315, P(k = 8) = log(9/8) / log 9 ≈ 0.054
    expect(ints.filter((k) => k === 1).length / 3000).toBeCloseTo(0.315, 1);
    expect(ints.filter((k) => k === 8).length / 3000).toBeCloseTo(0.054, 1);
  });

  it('has a valid default space for every model kind', () => {
    const kinds: ModelKind[] = ['linear', 'ridge', 'lasso', 'elasticnet', 'logistic', 'knn', 'rf', 'gbm', 'mlp'];
    for (const kind of kinds) expect(() => validateSearchSpace(defaultSearchSpace(kind))).not.toThrow();
    expect(Object.keys(defaultSearchSpace('rf'))).toEqual(['nEstimators', 'maxDepth', 'minSamplesLeaf', 'maxFeatures']);
    expect(Object.keys(defaultSearchSpace('gbm'))).toEqual(['learningRate', 'maxDepth', 'nEstimators', 'subsample', 'l2Regularization']);
    expect(defaultSearchSpace('logistic').C).toMatchObject({ log: true });
  });

  it('rejects bad ranges with a clear message', () => {
    expect(() => validateSearchSpace({ a: { type: 'float', min: 2, max: 1 } })).toThrow(/"a" needs finite min <= max/);
    expect(() => validateSearchSpace({ a: { type: 'float', min: 0, max: 1, log: true } })).toThrow(/log-scale "a" needs min > 0/);
    expect(() => validateSearchSpace({ a: { type: 'int', min: 0.5, max: 3 } })).toThrow(/integer "a" needs integer bounds/);
    expect(() => validateSearchSpace({ a: { type: 'choice', values: [] } })).toThrow(/"a" has no choices/);
  });
});

describe('randomSearch', () => {
  it('finds a near-optimal point of a known objective', async () => {
    const result = await randomSearch(space, async (p) => objective(p), { nTrials: 300, seed: 0, concurrency: 4 });
    expect(result.cancelled).toBe(false);
    expect(result.trials).toHaveLength(300);
    expect(result.best!.score).toBeGreaterThan(-0.02);
    expect(result.best!.params.kind).toBe('b');
    expect(Math.abs((result.best!.params.x as number) - 0.3)).toBeLessThan(0.15);
    expect(result.best!.score).toBe(Math.max(...result.trials.map((t) => t.score)));
  });

  it('same seed gives the same trials, whatever the finishing order and concurrency', async () => {
    const run = (seed: number, concurrency: number) =>
      randomSearch(space, (p) => later(objective(p), p), { nTrials: 12, seed, concurrency });
    const a = await run(7, 4);
    const b = await run(7, 1);
    const c = await run(8, 4);
    expect(a.trials.map((t) => [t.index, t.params, t.score])).toEqual(b.trials.map((t) => [t.index, t.params, t.score]));
    expect(a.best).toEqual(b.best);
    expect(a.trials[0].params).not.toEqual(c.trials[0].params);
  });

  it('keeps at most `concurrency` trials in flight and reports the best so far after each', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const seen: [number, number][] = [];
    const evaluate = async (p: Params) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const score = await later(objective(p), p);
      inFlight--;
      return score;
    };
    const onTrial = (trial: Trial, best: Trial | null, done: number) => seen.push([done, best!.score]);
    await randomSearch(space, evaluate, { nTrials: 15, concurrency: 3, onTrial });
    expect(maxInFlight).toBe(3);
    expect(seen.map((s) => s[0])).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    for (let i = 1; i < seen.length; i++) expect(seen[i][1]).toBeGreaterThanOrEqual(seen[i - 1][1]);
  });

  it('cancel returns the best trial so far without waiting for the rest', async () => {
    const controller = new AbortController();
    let calls = 0;
    const evaluate = (p: Params) => {
      calls++;
      return later(objective(p), p);
    };
    const result = await randomSearch(space, evaluate, {
      nTrials: 100,
      concurrency: 2,
      signal: controller.signal,
      onTrial: (_t, _b, done) => done === 5 && controller.abort(),
    });
    expect(result.cancelled).toBe(true);
    expect(result.trials).toHaveLength(5);
    // 5 finished + 1 still in flight when the signal aborted: nothing starts after it
    expect(calls).toBe(6);
    expect(result.best!.score).toBe(Math.max(...result.trials.map((t) => t.score)));
  });

  it('records a failing trial and goes on', async () => {
    const result = await randomSearch(space, async (p) => {
      if ((p.n as number) % 2 === 0) throw new Error('diverged');
      return objective(p);
    }, { nTrials: 20 });
    const failed = result.trials.filter((t) => t.error);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((t) => t.error === 'diverged' && Number.isNaN(t.score))).toBe(true);
    expect((result.best!.params.n as number) % 2).toBe(1);
    await expect(randomSearch(space, async () => 0, { nTrials: 0 })).rejects.toThrow(/nTrials must be a positive integer/);
  });
});

describe('successiveHalving', () => {
  it('plans rounds of eta times the budget and 1/eta of the candidates', () => {
    expect(halvingSchedule(27, 1 / 9, 1, 3)).toEqual([
      { budget: 1 / 9, candidates: 27 },
      { budget: 1 / 3, candidates: 9 },
      { budget: 1, candidates: 3 },
    ]);
    expect(halvingSchedule(10, 0.2, 1, 3).map((r) => r.candidates)).toEqual([10, 4]);
  });

  it('promotes the best candidates and finds a near-optimal point under budget noise', async () => {
    // small budgets blur the score with noise that shrinks as the budget grows
    const evaluate = async (p: Params, budget: number) => {
      const noise = new Random(Math.floor((p.x as number) * 1e9)).normal();
      return objective(p) + 0.02 * (1 - budget) * noise;
    };
    const budgets: number[] = [];
    const result = await successiveHalving(space, evaluate, {
      nCandidates: 81,
      minBudget: 1 / 27,
      seed: 2,
      concurrency: 4,
      onTrial: (t) => budgets.push(t.budget),
    });
    const perRound = [0, 1, 2, 3].map((r) => result.trials.filter((t) => t.round === r).length);
    expect(perRound).toEqual([81, 27, 9, 3]);
    expect(budgets.filter((b) => b === 1)).toHaveLength(3);
    expect(result.best!.budget).toBe(1);
    // the winner is within 0.01 of the best true objective among all 81 candidates
    const trueBest = Math.max(...result.trials.filter((t) => t.round === 0).map((t) => objective(t.params)));
    expect(objective(result.best!.params)).toBeGreaterThan(trueBest - 0.01);
    // promoted candidates are the top of the previous round
    const round0 = result.trials.filter((t) => t.round === 0).sort((a, b) => b.score - a.score);
    const promoted = result.trials.filter((t) => t.round === 1).map((t) => t.params);
    expect(promoted).toEqual(round0.slice(0, 27).map((t) => t.params));
  });

  it('same seed gives the same trials; cancel returns the best at the largest budget reached', async () => {
    const evaluate = (p: Params, budget: number) => later(objective(p) * budget, p);
    const a = await successiveHalving(space, evaluate, { seed: 4, concurrency: 3 });
    const b = await successiveHalving(space, evaluate, { seed: 4 });
    expect(a.trials.map((t) => [t.index, t.params, t.budget])).toEqual(b.trials.map((t) => [t.index, t.params, t.budget]));

    const controller = new AbortController();
    const cut = await successiveHalving(space, evaluate, {
      seed: 4,
      signal: controller.signal,
      onTrial: (_t, _b, done) => done === 30 && controller.abort(),
    });
    expect(cut.cancelled).toBe(true);
    expect(cut.trials).toHaveLength(30);
    const round1 = cut.trials.filter((t) => t.round === 1);
    expect(round1).toHaveLength(3);
    expect(cut.best!.budget).toBeCloseTo(1 / 3, 12);
    expect(cut.best!.score).toBe(Math.max(...round1.map((t) => t.score)));
  });
});
