/**
 * The Python the export tests run generated code with: Debian's /usr/bin/python3, with pandas and
 * scikit-learn when installed (`.ci/run` installs python3-sklearn and python3-pandas when missing).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseCsvBytes } from '../../../src/lib/ml/data/csv/parse-text';
import type { Table } from '../../../src/lib/ml/core/table';

/** The interpreter the tests use. */
export const python = '/usr/bin/python3';

/** Does `python` run at all? */
export const hasPython = spawnSync(python, ['-c', 'pass']).status === 0;

/** Does `python` import pandas and scikit-learn? */
export const hasSklearn = hasPython && spawnSync(python, ['-c', 'import pandas, sklearn']).status === 0;

/** Why the scikit-learn tests are skipped, said once in the test output. */
export const sklearnSkipReason = `${python} lacks pandas or scikit-learn: install them with "apt-get install -y python3-sklearn python3-pandas" (.ci/run does so in CI)`;

/** Runs a Python file and returns its stdout (throws with stderr on failure). */
export function runPython(file: string, timeoutMs = 180_000): string {
  try {
    return execFileSync(python, [file], { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${file} failed: ${e.stderr || e.message}`);
  }
}

/** The JSON object a generated script prints on its last line. */
export function lastJsonLine(stdout: string): { metrics: Record<string, number>; [key: string]: unknown } {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** The app's example file, its path and its table as the CLI reads it. */
export const examplePath = new URL('../../../static/data/customer_purchasing_behaviors.csv', import.meta.url).pathname;

/** The example file as a Table (the CLI's parser). */
export function exampleTable(): Table {
  return parseCsvBytes(readFileSync(examplePath), 'customer_purchasing_behaviors.csv').table;
}
