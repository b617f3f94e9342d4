/**
 * The fold rounds of every splitter reach the script intact: holdout, repeated k-fold, a held-out test
 * share and a group column give ridge regression's R² to 1e-6. Other model kinds' scripts run too, and
 * a script run on another file stops with a message that says so.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportModelCode } from '../../../src/lib/export/export-code';
import type { CvJobConfig } from '../../../src/lib/runs/jobs/model-jobs';
import { makeRunConfig } from '../../../src/lib/runs/run-config';
import { examplePath, exampleTable, hasSklearn, lastJsonLine, runPython } from './python-env';
import { cvMeans } from './runs';

const dir = mkdtempSync(join(tmpdir(), 'export-splitters-'));
const source = { fileName: examplePath, separator: ',' };
const ridge: CvJobConfig = { target: 'purchase_amount', task: 'regression', model: 'ridge', features: ['age', 'annual_income', 'region'], duplicateGrouping: 'off' };
const atRisk: CvJobConfig = {
  target: 'at_risk',
  task: 'classification',
  model: 'gbm',
  features: ['age', 'annual_income', 'region'],
  label: { source: 'rules', rules: [{ column: 'loyalty_score', operator: '<', value: 5 }], combine: 'and' },
};

/** The script's metrics and ours for `config`, seed 1. */
async function both(name: string, config: CvJobConfig): Promise<{ ours: Record<string, number>; theirs: Record<string, number>; script: string }> {
  const table = exampleTable();
  const run = makeRunConfig('cv', config, { seed: 1 });
  const ours = await cvMeans(table, run);
  const script = join(dir, `${name}.py`);
  writeFileSync(script, exportModelCode(table, run, { source }).sklearn);
  return { ours, theirs: lastJsonLine(runPython(script)).metrics, script };
}

describe.skipIf(!hasSklearn)('exported folds and models', { timeout: 180_000 }, () => {
  it.each([
    ['holdout', { splitter: 'holdout' }],
    ['repeated k-fold', { splitter: 'repeated', repeats: 2 }],
    ['a held-out test share', { testShare: 0.2 }],
    ['identical rows grouped', { duplicateGrouping: 'auto' }],
  ] as const)('ridge on %s: the same R² to 1e-6', async (name, extra) => {
    const { ours, theirs } = await both(`ridge-${name.replace(/\W+/g, '-')}`, { ...ridge, ...extra });
    expect(theirs.r2).toBeCloseTo(ours.r2, 6);
  });

  it('gradient boosting of the rule label: ROC AUC within 0.02; kNN with class weights runs', async () => {
    const gbm = await both('gbm', atRisk);
    expect(Math.abs(gbm.theirs.roc_auc - gbm.ours.roc_auc)).toBeLessThan(0.02);
    const knn = await both('knn', { ...atRisk, model: 'knn', imbalance: 'balanced-weights' });
    expect(Math.abs(knn.theirs.roc_auc - knn.ours.roc_auc)).toBeLessThan(0.02);
  });

  it('stops, saying so, on a file with other rows than the run’s', async () => {
    const { script } = await both('other-file', ridge);
    const shorter = join(dir, 'shorter.csv');
    writeFileSync(shorter, readFileSync(examplePath, 'utf8').split('\n').slice(0, 200).join('\n') + '\n');
    writeFileSync(script, readFileSync(script, 'utf8').replace(/^DATA_FILE = .*$/m, `DATA_FILE = ${JSON.stringify(shorter)}`));
    expect(() => runPython(script)).toThrow(/The file has 199 rows; the run had 238/);
  });
});
