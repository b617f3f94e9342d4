/** Job kinds about the data itself: parse a file, profile its columns, the Explore statistics, a label's prevalence. */
import type { Table } from '../../ml/core/table';
import type { ParseOutcome } from '../../ml/data/csv/outcome';
import { valueHashesOf } from '../../ml/data/fingerprint';
import { profileTable, type ColumnProfile } from '../../ml/data/profile';
import { exploreCharts, type ExploreCharts, type ExploreChartsConfig } from '../../ml/explore/charts';
import { exploreSummary, type ExploreSummary, type ExploreSummaryConfig } from '../../ml/explore/summary';
import { applyLabel, type AppliedLabel, type LabelSpec } from '../../ml/labels/label';
import { readTableFile, type ReadOptions } from '../../io/read-file';
import { defineJob } from '../job-spec';

/** A parsed file with its column profiles (and, from the reader, its sheets and decimal-comma note). */
export interface ParsedFile extends Pick<ParseOutcome, 'decimalComma' | 'sheets' | 'sheet'> {
  table: Table;
  profiles: ColumnProfile[];
  warnings: string[];
  /** Each column's values hash (fingerprint.ts), made with the table so the page need not read every row again. */
  valueHashes: [number, number][];
}

/** 'parse': reads a CSV/TSV, .csv.gz, .xlsx, .parquet or .jsonl file (types inferred as for CSV) and profiles its columns; progress is bytes read, then profiling. */
export const parseJob = defineJob({
  title: 'read a file',
  input: 'file',
  runsOn: 'worker',
  async run(file: Blob, config: { name: string; options?: ReadOptions }, ctx): Promise<ParsedFile> {
    const outcome = await readTableFile(file, config.name, (read, total) => ctx.onProgress?.(read, total, 'reading'), config.options);
    ctx.onProgress?.(file.size, file.size, 'profiling');
    const { table, warnings, decimalComma, sheets, sheet } = outcome;
    return { table, profiles: profileTable(table), warnings, valueHashes: valueHashesOf(table), decimalComma, sheets, sheet };
  },
});

/** 'profile': type, missing and unique counts and summary statistics of every column. */
export const profileJob = defineJob({
  title: 'profile the columns',
  input: 'table',
  runsOn: 'worker',
  async run(table: Table, _config: Record<string, never>): Promise<ColumnProfile[]> {
    return profileTable(table);
  },
});

/** 'explore': findings, correlations and associations of the compared columns, VIFs, duplicate rows, and every feature against the target. */
export const exploreJob = defineJob({
  title: 'explore the table',
  input: 'table',
  runsOn: 'worker',
  async run(table: Table, config: ExploreSummaryConfig): Promise<ExploreSummary> {
    return exploreSummary(table, config);
  },
});

/** 'explore-charts': the data of the Explore page's histograms (linear or log), class balances, bar charts and box plots with means. */
export const exploreChartsJob = defineJob({
  title: 'draw the distributions',
  input: 'table',
  runsOn: 'worker',
  async run(table: Table, config: ExploreChartsConfig): Promise<ExploreCharts> {
    return exploreCharts(table, config);
  },
});

/** A label as counted on the table (without the table it adds its column to). */
export type LabelCount = Omit<AppliedLabel, 'table'>;

/** 'label': builds a label (rules or a column with its positive class) and counts it. */
export const labelJob = defineJob({
  title: 'build a label',
  input: 'table',
  runsOn: 'worker',
  async run(table: Table, config: { label: LabelSpec }): Promise<LabelCount> {
    const { table: _labelled, ...count } = applyLabel(table, config.label);
    return count;
  },
});
