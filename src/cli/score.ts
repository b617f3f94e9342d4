/**
 * `npm run -s cli -- score model.json FILE --out scored.csv`: scores every row of a CSV file with a
 * model file (from `train`, or downloaded from the browser) by the job the browser runs
 * ('score-file'), so both write the same CSV: every input column as the file wrote it, then
 * `prediction`, or `probability` and `label` (a saved segmentation: `segment` and `persona`). Prints `{"rows","unseen_categories":{column: rows},"columns"}`.
 * A column the model needs and the file lacks stops it with one line naming the column.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { defaultCsvOptions } from '../lib/ml/data/csv/options';
import { ParseError, formatBytes } from '../lib/ml/data/csv/parse-error';
import { decodeModelFile } from '../lib/runs/artifact-segments';
import { runJob } from '../lib/runs/local';
import { makeRunConfig } from '../lib/runs/run-config';
import { requireFlag } from './args';

/** Scores FILE with the model file and writes --out; returns the CLI's JSON object. */
export async function runScore(positional: string[], flags: Record<string, string | boolean>): Promise<unknown> {
  const [modelFile, file] = positional;
  if (!modelFile || !file) throw new Error('usage: score model.json FILE --out scored.csv');
  const out = requireFlag(flags, 'out');
  for (const path of [modelFile, file]) if (!existsSync(path)) throw new Error(`File not found: ${path}`);
  let artifact;
  try {
    artifact = decodeModelFile(readFileSync(modelFile, 'utf8'));
  } catch (error) {
    throw new Error(`${basename(modelFile)}: ${(error as Error).message}`);
  }
  const name = basename(file);
  const size = statSync(file).size;
  if (size > defaultCsvOptions.maxBytes) throw new ParseError(`${name} is ${formatBytes(size)}; the limit is ${formatBytes(defaultCsvOptions.maxBytes)}.`);
  const run = makeRunConfig('score-file', { model: 'model', name });
  const scored = await runJob(run, new Blob([readFileSync(file)]), { resources: new Map([['model', artifact]]) });
  writeFileSync(out, scored.csv);
  return {
    rows: scored.rows,
    // fromEntries defines own properties: a column named "__proto__" stays a key.
    unseen_categories: Object.fromEntries(scored.unseen.map((u) => [u.column, u.count])),
    columns: scored.columns,
    ...(scored.warnings.length && { warnings: scored.warnings }),
  };
}
