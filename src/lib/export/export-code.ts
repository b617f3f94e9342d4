/**
 * "Export as code": a run of Predict, Risk or Segments as a scikit-learn script, a PySpark script and
 * a Jupyter notebook with the scikit-learn script's cells. Pure: text in, text out.
 */
import type { Table } from '../ml/core/table';
import type { SegmentationConfig } from '../ml/segments/segmentation';
import type { RunConfigOf } from '../runs/run-config';
import { planModelExport, type ModelExportOptions } from './export-plan';
import { notebookOf } from './notebook';
import { pysparkModelScript } from './pyspark-script';
import { pysparkSegmentScript } from './pyspark-segments';
import { planSegmentExport, type SegmentExportOptions } from './segment-plan';
import { sklearnSegmentDocstring, sklearnSegmentScript, sklearnSegmentSections } from './sklearn-segments';
import { sklearnModelDocstring, sklearnModelScript, sklearnModelSections } from './sklearn-script';

/** The three files of an export. */
export interface ExportedCode {
  /** A file name stem, e.g. `predict-purchase_amount-rf`. */
  stem: string;
  sklearn: string;
  pyspark: string;
  notebook: string;
}

/** A name stem made of `parts` (letters, digits, dashes and underscores only). */
function stemOf(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^\p{L}\p{N}_-]+/gu, '_').replace(/^_+|_+$/g, '').slice(0, 40)).filter(Boolean).join('-') || 'run';
}

/** The code of a Predict or Risk cross-validation run on `table`. */
export function exportModelCode(table: Table, run: RunConfigOf<'cv'>, options: ModelExportOptions): ExportedCode {
  const plan = planModelExport(table, run, options);
  return {
    stem: stemOf(plan.page, plan.target, plan.model),
    sklearn: sklearnModelScript(plan),
    pyspark: pysparkModelScript(plan),
    notebook: notebookOf(sklearnModelDocstring(plan), sklearnModelSections(plan)),
  };
}

/** The code of a Segments run on `table` (its config with the seed), showing `k` segments. */
export function exportSegmentCode(table: Table, config: SegmentationConfig, k: number, options: SegmentExportOptions): ExportedCode {
  const plan = planSegmentExport(table, config, k, options);
  return {
    stem: stemOf('segments', `k${k}`),
    sklearn: sklearnSegmentScript(plan),
    pyspark: pysparkSegmentScript(plan),
    notebook: notebookOf(sklearnSegmentDocstring(plan), sklearnSegmentSections(plan)),
  };
}
