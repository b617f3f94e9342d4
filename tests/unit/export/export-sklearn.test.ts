/**
 * The scikit-learn scripts of a random forest (Predict), a logistic regression (Risk) and K-Means
 * (Segments) on the example data, run by Debian's python3-sklearn: each must print the app's metrics
 * within 0.02 (R², ROC AUC, silhouette). Skipped, saying why, only where scikit-learn is missing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportModelCode, exportSegmentCode } from '../../../src/lib/export/export-code';
import { examplePath, exampleTable, hasSklearn, lastJsonLine, runPython, sklearnSkipReason } from './python-env';
import { cvMeans, predictRun, riskRun, segmentRun } from './runs';

const dir = mkdtempSync(join(tmpdir(), 'export-sklearn-'));
const source = { fileName: examplePath, separator: ',' };

if (!hasSklearn) console.warn(`Skipping the scikit-learn export tests: ${sklearnSkipReason}`);

describe.skipIf(!hasSklearn)('scikit-learn scripts reproduce the app’s metrics', { timeout: 180_000 }, () => {
  it('random forest regression of purchase_amount (Predict): R² within 0.02', async () => {
    const table = exampleTable();
    const run = predictRun(table);
    const ours = await cvMeans(table, run);
    const file = join(dir, 'predict-rf.py');
    writeFileSync(file, exportModelCode(table, run, { source, reference: ours }).sklearn);
    const theirs = lastJsonLine(runPython(file)).metrics;
    expect(theirs.r2).toBeGreaterThan(0.9);
    expect(Math.abs(theirs.r2 - ours.r2)).toBeLessThan(0.02);
  });

  it('linear regression: the same folds and one-hot give the same R² to 1e-6', async () => {
    const table = exampleTable();
    const run = predictRun(table, 'linear');
    const ours = await cvMeans(table, run);
    const file = join(dir, 'predict-linear.py');
    writeFileSync(file, exportModelCode(table, run, { source }).sklearn);
    const theirs = lastJsonLine(runPython(file)).metrics;
    expect(theirs.r2).toBeCloseTo(ours.r2, 6);
    expect(theirs.rmse).toBeCloseTo(ours.rmse, 4);
  });

  it('logistic regression of the default rule label (Risk): ROC AUC and F1 within 0.02', async () => {
    const table = exampleTable();
    const run = riskRun(table);
    const ours = await cvMeans(table, run);
    const file = join(dir, 'risk-logistic.py');
    writeFileSync(file, exportModelCode(table, run, { source, reference: ours }).sklearn);
    const theirs = lastJsonLine(runPython(file)).metrics;
    expect(Math.abs(theirs.roc_auc - ours.roc_auc)).toBeLessThan(0.02);
    expect(Math.abs(theirs.f1 - ours.f1)).toBeLessThan(0.02);
  });

  it('K-Means at the k the app shows (Segments): silhouette within 0.02', async () => {
    const table = exampleTable();
    const segments = await segmentRun(table);
    const file = join(dir, 'segments.py');
    writeFileSync(file, exportSegmentCode(table, segments.config, segments.k, { source }).sklearn);
    const out = lastJsonLine(runPython(file));
    expect(out.k).toBe(segments.k);
    expect(Math.abs(out.metrics.silhouette - segments.silhouette)).toBeLessThan(0.02);
  });

  it('K-Means with a categorical column (the weight rule) and min-max scaling: silhouette and inertia within 0.02', async () => {
    const table = exampleTable();
    const segments = await segmentRun(table, { features: ['age', 'annual_income', 'region'], scale: 'minmax', kMax: 6, seed: 2 });
    const file = join(dir, 'segments-region.py');
    writeFileSync(file, exportSegmentCode(table, segments.config, segments.k, { source }).sklearn);
    const out = lastJsonLine(runPython(file));
    expect(Math.abs(out.metrics.silhouette - segments.silhouette)).toBeLessThan(0.02);
    expect(Math.abs(out.metrics.inertia - segments.inertia) / segments.inertia).toBeLessThan(0.02);
  });
});
