/**
 * Drift weighted by a model's feature importance: a drifted column the model leans on is an alarm;
 * one it barely uses, or does not read at all, is listed but not alarming. Importance comes as
 * shares (summing to 1 over the model's inputs); see model-importance.ts for how it is measured.
 */
import type { ColumnDrift } from './drift';

/** What a column's drift means for the model. */
export type DriftWeight = 'alarming' | 'minor' | 'unused' | 'stable';

/** Options of {@link weightDrift}. */
export interface WeightOptions {
  /** A drifted input with at least this share of the importance is alarming (default 0.05). */
  minImportance: number;
}

/** Defaults of {@link WeightOptions}. */
export const defaultWeightOptions: WeightOptions = { minImportance: 0.05 };

/** A column's drift with the model's importance of it. */
export interface WeightedColumn {
  column: string;
  /** Share of the model's importance (0 for a column the model does not read). */
  importance: number;
  weight: DriftWeight;
}

/** Result of {@link weightDrift}. */
export interface WeightedDrift {
  columns: WeightedColumn[];
  /** Share of the model's importance that sits in drifted columns (0 to 1). */
  driftedImportance: number;
  /** Model inputs the drift report did not compare (missing from a file, skipped). */
  uncompared: string[];
}

/**
 * Weighs each compared column by the model's importance share.
 * @param importance share of the importance by model input (columns not listed are unused)
 * @param options minImportance (default 0.05)
 */
export function weightDrift(columns: readonly ColumnDrift[], importance: ReadonlyMap<string, number>, options: Partial<WeightOptions> = {}): WeightedDrift {
  const { minImportance } = { ...defaultWeightOptions, ...options };
  let driftedImportance = 0;
  const weighted = columns.map((c): WeightedColumn => {
    const share = importance.get(c.column);
    if (share === undefined) return { column: c.column, importance: 0, weight: c.drift ? 'unused' : 'stable' };
    if (c.drift) driftedImportance += share;
    return { column: c.column, importance: share, weight: !c.drift ? 'stable' : share >= minImportance ? 'alarming' : 'minor' };
  });
  const compared = new Set(columns.map((c) => c.column));
  return { columns: weighted, driftedImportance, uncompared: [...importance.keys()].filter((n) => !compared.has(n)) };
}
