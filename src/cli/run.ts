/**
 * `npm run -s cli -- run FILE --config RUN.json` (or `--hash "run=…"`, a link's fragment): runs any
 * RunConfig the app describes on a CSV file, in this thread, and prints its result as JSON
 * (typed arrays as arrays). The same seed gives the same numbers as in the browser.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readTable } from './profile';
import { fingerprintTable } from '../lib/ml/data/fingerprint';
import { runJob } from '../lib/runs/local';
import { jobSpec } from '../lib/runs/jobs';
import { runConfigFromHash, runConfigFromJson, type RunConfig } from '../lib/runs/run-config';
import { stringFlag } from './args';

/** Typed arrays as plain arrays and Maps as objects, so the result prints as JSON. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v instanceof Map ? Object.fromEntries(v) : v)));
}

/** Runs the RunConfig given by --config (a JSON file) or --hash on FILE. */
export async function runRun(positional: string[], flags: Record<string, string | boolean>): Promise<unknown> {
  const [file] = positional;
  const configFile = stringFlag(flags, 'config');
  const hash = stringFlag(flags, 'hash');
  if (!file || (!configFile && !hash)) throw new Error('usage: run FILE --config RUN.json | --hash "run=…"');
  if (!existsSync(file)) throw new Error(`File not found: ${file}`);
  if (configFile && !existsSync(configFile)) throw new Error(`File not found: ${configFile}`);
  const run: RunConfig = configFile ? runConfigFromJson(readFileSync(configFile, 'utf8')) : runConfigFromHash(hash as string);
  const spec = jobSpec(run.kind);
  if (spec.input !== 'table') throw new Error(`A "${run.kind}" run does not read a table; the CLI runs table jobs only`);
  if (spec.resources) throw new Error(`A "${run.kind}" run needs saved models, which the CLI cannot give it yet`);
  const { table } = await readTable(file);
  const data = fingerprintTable(table);
  const warnings = run.data && run.data.hash !== data.hash ? [`The run was made on ${run.data.name} (${run.data.rows} rows, hash ${run.data.hash}); ${basename(file)} differs (${data.rows} rows, hash ${data.hash}).`] : [];
  const result = await runJob(run as never, table as never);
  return { kind: run.kind, data, warnings, result: plain(result) };
}
