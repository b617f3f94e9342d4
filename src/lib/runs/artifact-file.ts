/**
 * Scoring a whole CSV file with a saved model, the same way in a worker and in the CLI: read it
 * with the app's CSV reader, check it has every input the model needs (a missing column or one of
 * another type stops everything, named), count the categories training never saw, score every row
 * and write the file back out with `prediction` (regression) or `probability` and `label`
 * (classification) after its own columns.
 */
import type { ProgressCallback } from '../ml/core/model';
import { decodeBytes } from '../ml/data/csv/decode';
import { csvOptionsOf, type CsvOptions } from '../ml/data/csv/options';
import { parseCsvText } from '../ml/data/csv/parse-text';
import { freeName, scoredCsv, type AddedColumn } from '../io/scored-csv';
import { loadArtifact, score, scoringTable, type LoadedArtifact, type ModelArtifact, type ScoreResult } from './artifact';
import { countUnseen, type UnseenCategories } from './artifact-unseen';

/** A scored file. */
export interface ScoredFile {
  /** The file that was scored. */
  file: string;
  rows: number;
  /** Every column of the CSV written, the file's first. */
  columns: string[];
  /** The columns the model added (`prediction`, or `probability` and `label`; suffixed when the file has one of that name). */
  added: string[];
  /** Per categorical input: rows with a category training never saw (scored with the training rule). */
  unseen: UnseenCategories[];
  /** The CSV text. */
  csv: string;
  /** The first rows as the file wrote them, with the model's cells. */
  preview: string[][];
  /** Notes from reading the file (rows skipped, encoding guessed…). */
  warnings: string[];
}

/** Options of {@link scoreFile}. */
export interface ScoreFileOptions {
  onProgress?: ProgressCallback;
  /** Rows kept for the preview (default 100). */
  previewRows: number;
  csv: Partial<CsvOptions>;
}

/** Defaults of {@link ScoreFileOptions}. */
export const defaultScoreFileOptions: ScoreFileOptions = { previewRows: 100, csv: {} };

/**
 * Scores the CSV file `bytes` with a saved model.
 * @param source the artifact, or one already loaded
 * @param bytes the file's bytes
 * @param name the file name (messages and the table's name)
 * @param options onProgress ('reading', 'scoring' rows, 'writing' rows), previewRows (100), csv reader options
 * @throws naming the column when the file lacks one the model needs, or has it with another type
 */
export async function scoreFile(source: ModelArtifact | LoadedArtifact, bytes: Uint8Array, name: string, options: Partial<ScoreFileOptions> = {}): Promise<ScoredFile> {
  const o = { ...defaultScoreFileOptions, ...options };
  const loaded = 'format' in source ? await loadArtifact(source) : source;
  const csvOptions = csvOptionsOf(o.csv);
  o.onProgress?.(0, 1, 'reading');
  const decoded = decodeBytes(bytes, name, csvOptions);
  // parseCsvBytes is decodeBytes then this: the text is kept to write the file's own cells back out.
  const { table, warnings } = parseCsvText(decoded.text, name, csvOptions);
  o.onProgress?.(1, 1, 'reading');
  scoringTable(loaded.artifact, table);
  const unseen = countUnseen(loaded.artifact, table);
  const result = await score(loaded, table, { onProgress: o.onProgress });
  const names = table.columns.map((c) => c.name);
  const added = addedColumns(result, new Set(names));
  const written = scoredCsv(decoded.text, names, table.rowCount, added, csvOptions, { previewRows: o.previewRows, onProgress: o.onProgress });
  return {
    file: name,
    rows: table.rowCount,
    columns: written.columns,
    added: added.map((a) => a.name),
    unseen,
    csv: written.csv,
    preview: written.preview,
    warnings: [...decoded.warnings, ...warnings],
  };
}

/** The model's columns: `prediction` for a number, `probability` (binary: of the positive class) and `label` for classes. */
function addedColumns(result: ScoreResult, taken: Set<string>): AddedColumn[] {
  const name = (wanted: string): string => {
    const free = freeName(wanted, taken);
    taken.add(free);
    return free;
  };
  const number = (v: number): string => (Number.isFinite(v) ? String(v) : '');
  const { labels, proba, positiveProbability } = result;
  if (!labels) return [{ name: name('prediction'), cell: (row) => number(result.predictions[row]) }];
  const k = result.classes?.length ?? 0;
  const probability = positiveProbability
    ? (row: number) => number(positiveProbability[row])
    : // Several classes: the probability of the predicted class.
      (row: number) => (proba ? number(proba[row * k + result.predictions[row]]) : '');
  return [
    { name: name('probability'), cell: probability },
    { name: name('label'), cell: (row) => labels[row] },
  ];
}
