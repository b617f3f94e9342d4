/**
 * A tuning search's trials as the axes of a parallel-coordinates chart: one axis per parameter
 * (numbers as they are; choices as positions with their names as ticks), the budget when a search
 * used several (successive halving), and the score last. Failed trials (no score) are left out.
 */
import { formatValue } from './param-diff';
import type { TrialEntry } from './run-record';

/** One axis: its label, a value per trial, and tick names for a choice axis. */
export interface TrialDimension {
  label: string;
  values: number[];
  /** A choice axis: position i is named ticks[i]. */
  ticks?: string[];
}

/** The axes of `trials` (finished ones only), the score axis named `scoreLabel`, last. */
export function trialDimensions(trials: readonly TrialEntry[], scoreLabel: string): TrialDimension[] {
  const scored = trials.filter((t) => Number.isFinite(t.score));
  if (!scored.length) return [];
  const names: string[] = [];
  const seen = new Set<string>();
  for (const t of scored) for (const p of t.params) if (!seen.has(p.name)) (seen.add(p.name), names.push(p.name));
  const dims: TrialDimension[] = names.map((name) => {
    const raw = scored.map((t) => t.params.find((p) => p.name === name)?.value ?? null);
    if (raw.every((v) => typeof v === 'number')) return { label: name, values: raw as number[] };
    const ticks = [...new Set(raw.map(formatValue))];
    return { label: name, values: raw.map((v) => ticks.indexOf(formatValue(v))), ticks };
  });
  if (new Set(scored.map((t) => t.budget)).size > 1) dims.push({ label: 'budget', values: scored.map((t) => t.budget) });
  dims.push({ label: scoreLabel, values: scored.map((t) => t.score) });
  return dims;
}

/** Trials drawn as lines over the axes without WebGL: each axis scaled to 0..1, the lines grouped into `bins` colours by score. */
export interface TrialLines {
  /** Per colour bin (lowest scores first): x as axis positions and y as scaled values, each trial's line ended by a null. */
  bins: { x: (number | null)[]; y: (number | null)[]; from: number; to: number }[];
  /** Each axis's smallest and largest value (as written on it). */
  ranges: { min: number; max: number }[];
}

/** The lines of `dims` (as `trialDimensions` makes them) for a chart of plain lines, in `bins` colour groups by the last axis (the score). */
export function trialLines(dims: readonly TrialDimension[], bins = 6): TrialLines {
  const ranges = dims.map((d) => ({ min: Math.min(...d.values), max: Math.max(...d.values) }));
  const score = dims[dims.length - 1]?.values ?? [];
  const { min: lo, max: hi } = ranges[ranges.length - 1] ?? { min: 0, max: 0 };
  const width = (hi - lo) / bins;
  const groups = Array.from({ length: bins }, (_, b) => ({ x: [] as (number | null)[], y: [] as (number | null)[], from: lo + b * width, to: lo + (b + 1) * width }));
  score.forEach((s, t) => {
    const bin = width > 0 ? Math.min(bins - 1, Math.floor((s - lo) / width)) : bins - 1;
    const g = groups[bin];
    dims.forEach((d, a) => {
      const { min, max } = ranges[a];
      g.x.push(a);
      g.y.push(max > min ? (d.values[t] - min) / (max - min) : 0.5);
    });
    g.x.push(null);
    g.y.push(null);
  });
  return { bins: groups.filter((g) => g.x.length > 0), ranges };
}
