/**
 * 'export-code': a Predict, Risk or Segments run written as a scikit-learn script, a PySpark script
 * and a notebook. It prepares the run's folds and levels again (prepareCv, buildClusteringMatrix),
 * about half a second on 200,000 rows, so it runs in a worker, not on the page.
 */
import type { Table } from '../../ml/core/table';
import type { SegmentationConfig } from '../../ml/segments/segmentation';
import { exportModelCode, exportSegmentCode, type ExportedCode } from '../../export/export-code';
import type { ModelExportOptions } from '../../export/export-plan';
import type { SegmentExportOptions } from '../../export/segment-plan';
import { defineJob } from '../job-spec';
import type { RunConfigOf } from '../run-config';

/** What to export: a cross-validation run, or a segmentation (its config with the seed) at the k shown. */
export type ExportCodeConfig =
  | { kind: 'cv'; run: RunConfigOf<'cv'>; options: ModelExportOptions }
  | { kind: 'segments'; segmentation: SegmentationConfig; k: number; options: SegmentExportOptions };

/** 'export-code': the three files of a run, made from the table it ran on. */
export const exportCodeJob = defineJob({
  title: 'write the run as code',
  input: 'table',
  runsOn: 'worker',
  async run(table: Table, config: ExportCodeConfig, ctx): Promise<ExportedCode> {
    ctx.onProgress?.(0, 1, 'writing the scripts');
    const code = config.kind === 'cv' ? exportModelCode(table, config.run, config.options) : exportSegmentCode(table, config.segmentation, config.k, config.options);
    ctx.onProgress?.(1, 1);
    return code;
  },
});
