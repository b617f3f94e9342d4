/**
 * `npm run -s cli -- cv FILE --target COL --task regression|classification --model MODEL
 *   [--features a,b,c] [--folds 5] [--seed 0] [--group-column COL] [--positive VALUE]
 *   [--duplicate-grouping auto|off] [--keep-leaky] [--test-share 0.2]`: cross-validation as one JSON line (CONTRACT.md §2).
 * With `--test-share`, that share of the rows is held out before the folds are drawn and scored
 * once by the model fitted on the others (`test` in the output).
 * As on the model pages, the feature chooser leaves out features that leak the target (engineered
 * features computed from it, copies of it) and lists them in `excluded` with the reason. The run is
 * a 'cv' RunConfig run by the same job as in the browser; `run` in the output reproduces it.
 */
import { existsSync } from 'node:fs';
import type { Task } from '../lib/ml/core/model';
import { fingerprintTable } from '../lib/ml/data/fingerprint';
import { chooseFeatures } from '../lib/ml/leakage/feature-choice';
import { isModelKind, modelKinds } from '../lib/ml/models/registry';
import { runJob } from '../lib/runs/local';
import { makeRunConfig } from '../lib/runs/run-config';
import { intFlag, listFlag, numberFlag, requireFlag, stringFlag } from './args';
import { readTable } from './profile';

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
  const { table } = await readTable(file);
  const groupColumn = stringFlag(flags, 'group-column');
  const selection = chooseFeatures(table, { target, groupColumn, features: listFlag(flags, 'features'), detectFileLeaks: true, keepLeaky: flags['keep-leaky'] === true });
  if (!selection.features.length && selection.exclusions.length) {
    throw new Error(`Every feature leaks the target "${target}" (${selection.exclusions.map((l) => l.column).join(', ')}); pass --keep-leaky to use them anyway`);
  }
  const run = makeRunConfig(
    'cv',
    {
      target,
      task,
      model,
      folds: intFlag(flags, 'folds', 5),
      features: selection.features,
      exclusions: selection.exclusions,
      groupColumn,
      positive: stringFlag(flags, 'positive'),
      duplicateGrouping: grouping,
    },
    { seed: intFlag(flags, 'seed', 0), data: fingerprintTable(table) },
  );
  const testShare = numberFlag(flags, 'test-share');
  if (testShare !== undefined) run.config.testShare = testShare;
  const result = await runJob(run, table);
  const names = printed[task].filter((n) => n in result.metrics);
  return {
    task: result.task,
    model: result.model,
    folds: result.folds,
    metrics: Object.fromEntries(names.map((n) => [n, result.metrics[n]])),
    per_fold: result.per_fold.map((m) => Object.fromEntries(names.map((n) => [n, m[n]]))),
    ...(result.pooled ? { pooled: Object.fromEntries(names.filter((n) => n in (result.pooled ?? {})).map((n) => [n, result.pooled?.[n]])) } : {}),
    ...(result.positive !== undefined ? { positive: result.positive } : {}),
    ...(result.test ? { test: { rows: result.test.rows, metrics: Object.fromEntries(names.filter((n) => n in (result.test?.metrics ?? {})).map((n) => [n, result.test?.metrics[n]])) } } : {}),
    splitter: result.splitter,
    features: result.features,
    excluded: result.excluded,
    duplicates: result.duplicates,
    seconds: Math.round(result.seconds * 1000) / 1000,
    run,
  };
}
