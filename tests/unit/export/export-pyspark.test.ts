/**
 * The PySpark scripts: they compile (`python3 -m py_compile`) and equal, character for character, the
 * golden files tests/fixtures/golden-pyspark-*.py (regenerate them with UPDATE_GOLDEN=1 after a
 * deliberate change, and read the diff). PySpark itself is not installed here, so they are not run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportModelCode, exportSegmentCode } from '../../../src/lib/export/export-code';
import { exampleTable, hasPython, python } from './python-env';
import { predictRun, riskRun, segmentRun } from './runs';

const dir = mkdtempSync(join(tmpdir(), 'export-pyspark-'));
const source = { fileName: 'customer_purchasing_behaviors.csv', separator: ',' };

/** Checks `text` against tests/fixtures/golden-pyspark-`name`.py (or writes it under UPDATE_GOLDEN=1). */
function expectGolden(text: string, name: string): void {
  const path = new URL(`../../fixtures/golden-pyspark-${name}.py`, import.meta.url).pathname;
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, text);
  if (!existsSync(path)) throw new Error(`No golden file ${path}: run with UPDATE_GOLDEN=1 to write it`);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

/** Compiles `text` with python3 -m py_compile (throws with the SyntaxError). */
function compile(text: string, name: string): void {
  const file = join(dir, `${name}.py`);
  writeFileSync(file, text);
  execFileSync(python, ['-m', 'py_compile', file], { stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('PySpark scripts', () => {
  it('random forest regression (Predict) equals its golden file and compiles', async () => {
    const table = exampleTable();
    const code = exportModelCode(table, predictRun(table), { source }).pyspark;
    expect(code).toContain('RandomForestRegressor(featuresCol="features", labelCol="label", numTrees=100');
    expect(code).toContain("StringIndexerModel.from_labels(levels");
    expect(code).toContain("'region': ['East', 'North', 'South', 'West'],");
    expectGolden(code, 'rf');
    if (hasPython) compile(code, 'rf');
  });

  it('logistic regression of the rule label (Risk) equals its golden file and compiles', () => {
    const table = exampleTable();
    const code = exportModelCode(table, riskRun(table), { source }).pyspark;
    expect(code).toContain('holds = (F.col(\'loyalty_score\') < 5)');
    expect(code).toContain('LogisticRegression(featuresCol="features", labelCol="label", regParam=1.0 / (1 * TRAIN_ROWS)');
    expectGolden(code, 'logistic');
    if (hasPython) compile(code, 'logistic');
  });

  it('K-Means (Segments) equals its golden file and compiles', async () => {
    const table = exampleTable();
    const segments = await segmentRun(table);
    const code = exportSegmentCode(table, segments.config, segments.k, { source }).pyspark;
    expect(code).toContain(`K_MIN, K_MAX, K = 2, 10, ${segments.k}`);
    expectGolden(code, 'kmeans');
    if (hasPython) compile(code, 'kmeans');
  });
});
