/**
 * `npm run -s cli -- drift REF CUR [--alpha 0.05] [--distance-threshold 0.1] [--test-rows 1000]
 *   [--drift-share 0.5] [--psi-bins 10] [--few-values 5]`: drift of CUR against REF, column by column, read as the
 * browser reads files (ml/monitor/drift.ts compareTables). Prints
 * `{"columns":[{"column","type","psi","test","statistic","p_value","drift"}, …],"drifted_share","dataset_drift"}`
 * sorted by PSI, largest first; `test`/`statistic` are the deciding test, `p_value` the
 * Kolmogorov–Smirnov (numbers) or chi-square (categories, and numbers with at most --few-values
 * distinct reference values, compared by level) p-value. Columns not compared are listed
 * under `skipped` (ids, dates, text, a type that differs) and `only_in_reference`/`only_in_current`.
 */
import { existsSync } from 'node:fs';
import { compareTables, type DriftOptions } from '../lib/ml/monitor/drift';
import { intFlag, numberFlag } from './args';
import { readFlags, readTable } from './profile';

type Flags = Record<string, string | boolean>;

/** A number for JSON: null for NaN and infinities (JSON has neither). */
const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** The thresholds set by flags, the rest left to the defaults. */
export function driftOptionsOf(flags: Flags): Partial<DriftOptions> {
  const options: Partial<DriftOptions> = {};
  const alpha = numberFlag(flags, 'alpha');
  const distance = numberFlag(flags, 'distance-threshold');
  const share = numberFlag(flags, 'drift-share');
  if (alpha !== undefined) options.alpha = alpha;
  if (distance !== undefined) options.distanceThreshold = distance;
  if (share !== undefined) options.driftShare = share;
  if (flags['test-rows'] !== undefined) options.smallSampleRows = intFlag(flags, 'test-rows', 1000);
  if (flags['psi-bins'] !== undefined) options.psiBins = intFlag(flags, 'psi-bins', 10);
  if (flags['few-values'] !== undefined) options.fewValues = intFlag(flags, 'few-values', 5);
  return options;
}

/** Compares the two files and returns the CLI's JSON object. */
export async function runDrift(positional: string[], flags: Flags): Promise<unknown> {
  const [refFile, curFile] = positional;
  if (!refFile || !curFile) throw new Error('usage: drift REF CUR [--alpha 0.05] [--distance-threshold 0.1] [--test-rows 1000] [--drift-share 0.5]');
  for (const path of [refFile, curFile]) if (!existsSync(path)) throw new Error(`File not found: ${path}`);
  const options = driftOptionsOf(flags);
  // --sheet and --decimal apply to both files, as the Data page's reading choices would.
  const ref = await readTable(refFile, readFlags(flags));
  const cur = await readTable(curFile, readFlags(flags));
  const report = compareTables(ref.table, cur.table, options);
  if (report.columns.length === 0) throw new Error(`${ref.table.name} and ${cur.table.name} share no column that can be compared`);
  const warnings = [...ref.warnings, ...cur.warnings];
  return {
    columns: report.columns.map((c) => ({ column: c.column, type: c.type, psi: finite(c.psi), test: c.test, statistic: finite(c.statistic), p_value: finite(c.pValue), drift: c.drift })),
    drifted_share: report.driftedShare,
    dataset_drift: report.datasetDrift,
    ...(report.skipped.length && { skipped: report.skipped }),
    ...(report.onlyInReference.length && { only_in_reference: report.onlyInReference }),
    ...(report.onlyInCurrent.length && { only_in_current: report.onlyInCurrent }),
    ...(warnings.length && { warnings }),
  };
}
