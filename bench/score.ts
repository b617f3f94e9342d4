/**
 * `npm run bench -- score`: batch scoring with a saved model in Node. A 100-tree random forest is
 * trained on 100,000 synthetic customers (bench/synth.ts) and saved as a model file; then the same
 * 100,000-row CSV is scored through the path the browser's "Score a file" and the CLI's `score`
 * take (read, check, score, write the CSV) and through the model alone. The baseline is the same
 * forest's training time in this run: scoring should cost a small fraction of it.
 */
import { Buffer } from 'node:buffer';
import { parseCsvText } from '../src/lib/ml/data/csv/parse-text';
import { loadArtifact, score, trainModel } from '../src/lib/runs/artifact';
import { decodeArtifact, encodeArtifact } from '../src/lib/runs/artifact-codec';
import { scoreFile } from '../src/lib/runs/artifact-file';
import type { BenchRow } from './row';
import { generateCustomers } from './synth';

const SUITE = 'score';
const ROWS = 100_000;
const TREES = 100;

/** The synthetic customers as the default dataset's CSV (same columns, in its order). */
function customersCsv(n: number): string {
  const c = generateCustomers(n, 7);
  const lines = ['user_id,age,annual_income,purchase_amount,loyalty_score,region,purchase_frequency'];
  for (let i = 0; i < n; i++) {
    lines.push(`${i + 1},${c.age[i]},${c.annual_income[i]},${c.purchase_amount[i]},${c.loyalty_score[i].toFixed(1)},${c.regions[c.region[i]]},${c.purchase_frequency[i]}`);
  }
  return lines.join('\n');
}

async function timed<T>(work: () => Promise<T>): Promise<{ s: number; result: T }> {
  const t0 = performance.now();
  const result = await work();
  return { s: (performance.now() - t0) / 1000, result };
}

/** Runs the suite. */
export async function run(): Promise<BenchRow[]> {
  const text = customersCsv(ROWS);
  const bytes = new Uint8Array(Buffer.from(text));
  const { table } = parseCsvText(text, 'customers-100k.csv');
  const features = ['age', 'annual_income', 'loyalty_score', 'region', 'purchase_frequency'];
  const train = await timed(() => trainModel(table, { target: 'purchase_amount', task: 'regression', model: 'rf', features, modelOptions: { nEstimators: TREES }, seed: 0 }));
  const file = encodeArtifact(train.result.artifact);
  const load = await timed(async () => loadArtifact(decodeArtifact(file)));
  const modelOnly = await timed(() => score(load.result, table));
  const whole = await timed(() => scoreFile(load.result, bytes, 'customers-100k.csv'));
  if (whole.result.rows !== ROWS) throw new Error(`scored ${whole.result.rows} rows, expected ${ROWS}`);
  whole.result.preview.forEach((row, i) => {
    if (row[row.length - 1] !== String(modelOnly.result.predictions[i])) throw new Error(`row ${i + 1}: the file and the model disagree`);
  });
  const baseline = `training the same forest, ${train.s.toFixed(1)} s (this run)`;
  const mb = (file.length / 1024 / 1024).toFixed(1);
  return [
    { suite: SUITE, job: `train rf ${TREES} trees, ${ROWS.toLocaleString('en-US')} rows`, seconds: train.s, note: `model file ${mb} MB` },
    { suite: SUITE, job: 'load the saved model file', seconds: load.s, baseline, ratio: load.s / train.s },
    { suite: SUITE, job: `score ${ROWS.toLocaleString('en-US')} rows (model only)`, seconds: modelOnly.s, baseline, ratio: modelOnly.s / train.s },
    {
      suite: SUITE,
      job: `score a ${ROWS.toLocaleString('en-US')}-row CSV (read, check, score, write)`,
      seconds: whole.s,
      baseline,
      ratio: whole.s / train.s,
      note: `${(whole.result.csv.length / 1024 / 1024).toFixed(1)} MB out`,
    },
  ];
}
