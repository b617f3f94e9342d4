/** Job kinds about the data itself: parse a file, profile its columns, the Explore statistics, a label's prevalence. */
import type { Table } from '../../ml/core/table';
import { profileTable, type ColumnProfile } from '../../ml/data/profile';
import { exploreCharts, type ExploreCharts, type ExploreChartsConfig } from '../../ml/explore/charts';
import { exploreSummary, type ExploreSummary, type ExploreSummaryConfig } from '../../ml/explore/summary';
import { applyLabel, type AppliedLabel, type LabelSpec } from '../../ml/labels/label';
import { defineJob } from '../job-spec';

export { parseJob, type ParsedFile } from './parse-job';

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
