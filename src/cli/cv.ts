/**
 * `npm run -s cli -- cv FILE --target COL --task regression|classification --model MODEL
 *   [--features a,b,c] [--folds 5] [--seed 0] [--group-column COL] [--positive VALUE]
 *   [--duplicate-grouping auto|off] [--keep-leaky]`: cross-validation as one JSON line (CONTRACT.md §2).
 * As on the model pages, features that leak the target are left out by default and listed in
 * `excluded` with the reason: engineered features computed from the target, and copies of it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseCsvBytes } from '../lib/ml/data/csv/parse-text';
import { crossValidate, type CvConfig } from '../lib/ml/evaluation/cv/cross-validate';
import type { Task } from '../lib/ml/core/model';
import { fileLeaks } from '../lib/ml/leakage/file-leaks';
import { isModelKind, modelKinds } from '../lib/ml/models/registry';
import { exclusionReason } from '../lib/ml/preprocess/pipeline';
import { getColumn, type Table } from '../lib/ml/core/table';
import { intFlag, requireFlag } from './args';

/** Metrics printed, in order, per task (the CONTRACT's names first). */
const printed: Record<Task, string[]> = {
  regression: ['r2', 'rmse', 'mae', 'mape'],
  classification: ['accuracy', 'balanced_accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'pr_auc', 'log_loss'],
};

/** Runs cross-validation on a CSV file and returns the CLI's JSON object. */
export async function runCv(positional: string[], flags: Record<string, string | boolean>): Promise<unknown> {
  const [file] = positional;
  if (!file) throw new Error('usage: cv FILE --target COL --task regression|classification --model MODEL');
  if (!existsSync(file)) throw new Error(`File not found: ${file}`);
  const target = requireFlag(flags, 'target');
  const task = requireFlag(flags, 'task');
  if (task !== 'regression' && task !== 'classification') throw new Error(`--task must be regression or classification, got "${task}"`);
  const model = requireFlag(flags, 'model');
  if (!isModelKind(model)) throw new Error(`--model must be one of ${modelKinds.join(', ')}, got "${model}"`);
  const grouping = flags['duplicate-grouping'] ?? 'auto';
  if (grouping !== 'auto' && grouping !== 'off') throw new Error(`--duplicate-grouping must be auto or off, got "${String(grouping)}"`);
  const config: CvConfig = {
    target,
    task,
    model,
    folds: intFlag(flags, 'folds', 5),
    seed: intFlag(flags, 'seed', 0),
    features: typeof flags.features === 'string' ? flags.features.split(',').map((f) => f.trim()).filter(Boolean) : undefined,
    groupColumn: typeof flags['group-column'] === 'string' ? flags['group-column'] : undefined,
    positive: typeof flags.positive === 'string' ? flags.positive : undefined,
    duplicateGrouping: grouping,
  };
  const { table } = parseCsvBytes(readFileSync(file), basename(file));
  const leaks = flags['keep-leaky'] === true ? [] : leaksOf(table, config);
  const leakReason = new Map(leaks.map((l) => [l.column, l.reason]));
  const defaultReason = new Map<string, string>();
  if (leaks.length) {
    if (!config.features) {
      for (const c of table.columns) {
        const reason = c.name === config.groupColumn ? 'group column' : c.role === 'target' ? 'another target' : exclusionReason(c);
        if (reason) defaultReason.set(c.name, reason);
      }
    }
    const features = (config.features ?? table.columns.map((c) => c.name).filter((n) => n !== target && !defaultReason.has(n))).filter((n) => !leakReason.has(n));
    if (!features.length) throw new Error(`Every feature leaks the target "${target}" (${leaks.map((l) => l.column).join(', ')}); pass --keep-leaky to use them anyway`);
    config.features = features;
  }
  const result = await crossValidate(table, config);
  const excluded = result.excluded.map((e) => ({ column: e.column, reason: leakReason.get(e.column) ?? defaultReason.get(e.column) ?? e.reason }));
  const names = printed[task].filter((n) => n in result.metrics);
  return {
    task: result.task,
    model: result.model,
    folds: result.folds,
    metrics: Object.fromEntries(names.map((n) => [n, result.metrics[n]])),
    per_fold: result.per_fold.map((m) => Object.fromEntries(names.map((n) => [n, m[n]]))),
    ...(result.pooled ? { pooled: Object.fromEntries(names.filter((n) => n in (result.pooled ?? {})).map((n) => [n, result.pooled?.[n]])) } : {}),
    ...(result.positive !== undefined ? { positive: result.positive } : {}),
    splitter: result.splitter,
    features: result.features,
    excluded,
    duplicates: result.duplicates,
    seconds: Math.round(result.seconds * 1000) / 1000,
  };
}

/** The features of this run that leak the target (same candidates as prepareCv's default). */
function leaksOf(table: Table, config: CvConfig): { column: string; reason: string }[] {
  getColumn(table, config.target);
  const candidates =
    config.features ??
    table.columns.filter((c) => c.name !== config.target && c.name !== config.groupColumn && c.role !== 'target' && !exclusionReason(c)).map((c) => c.name);
  return fileLeaks(table, config.target, candidates.filter((n) => n !== config.target && table.columns.some((c) => c.name === n)));
}
