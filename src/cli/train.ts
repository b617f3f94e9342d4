/**
 * `npm run -s cli -- train FILE --target COL --task regression|classification --model MODEL
 *   [--features a,b,c] [--positive VALUE] [--seed 0] [--folds 5] [--group-column COL] [--test-share 0.2] --out model.json`:
 * cross-validates the model exactly as `cv` does (same feature choice, same folds), then fits it on
 * every row with a target ('train', the job the browser's "Save model" runs) and writes the model
 * file the browser downloads. Prints `{"model","task","features","cv":{metric: {mean, std}},...}`;
 * with `--test-share`, also `"test"`: the held-out rows' metrics, recorded in the model file too.
 */
import { writeFileSync } from 'node:fs';
import type { Task } from '../lib/ml/core/model';
import { encodeArtifact } from '../lib/runs/artifact-codec';
import { runJob } from '../lib/runs/local';
import { makeRunConfig, type RunConfigOf } from '../lib/runs/run-config';
import { requireFlag } from './args';
import { runCv } from './cv';
import { readTable } from './profile';

/** What `cv` prints and `train` reads back. */
interface CvOutput {
  task: Task;
  model: RunConfigOf<'cv'>['config']['model'];
  metrics: Record<string, { mean: number; std: number }>;
  test?: { rows: number; metrics: Record<string, number> };
  positive?: string;
  features: string[];
  run: RunConfigOf<'cv'>;
}

/** Cross-validates, trains on every row and writes the model file; returns the CLI's JSON object. */
export async function runTrain(positional: string[], flags: Record<string, string | boolean>): Promise<unknown> {
  const [file] = positional;
  if (!file) throw new Error('usage: train FILE --target COL --task regression|classification --model MODEL --out model.json');
  const out = requireFlag(flags, 'out');
  const cv = (await runCv(positional, flags)) as CvOutput;
  const { table } = await readTable(file);
  const config = cv.run.config;
  const run = makeRunConfig(
    'train',
    {
      target: config.target,
      task: config.task,
      model: config.model,
      features: cv.features,
      ...(config.modelOptions && { modelOptions: config.modelOptions }),
      ...(cv.positive !== undefined && { positive: cv.positive }),
      metrics: { cv: cv.metrics, ...(cv.test && { test: cv.test.metrics }) },
      ...(cv.run.data && { data: cv.run.data }),
      source: { page: 'cli', run: cv.run },
    },
    { seed: cv.run.seed, data: cv.run.data },
  );
  const artifact = await runJob(run, table);
  writeFileSync(out, encodeArtifact(artifact));
  return {
    model: artifact.model.kind,
    task: artifact.target.task,
    features: artifact.inputs.map((i) => i.name),
    cv: cv.metrics,
    ...(cv.test && { test: cv.test }),
    ...(artifact.target.positive !== undefined && { positive: artifact.target.positive, threshold: artifact.threshold }),
    rows: artifact.training.rows,
    out,
  };
}
