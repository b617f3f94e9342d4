/**
 * Scoring a whole CSV file with a saved model, the same way in a worker and in the CLI: read it
 * with the app's CSV reader, check it has every input the model needs (a missing column or one of
 * another type stops everything, named), count the categories training never saw, score every row
 * and write the file back out with `prediction` (regression) or `probability` and `label`
 * (classification), or `segment` and `persona` (a saved segmentation), after its own columns.
 */
import type { ProgressCallback } from '../ml/core/model';
import { decodeBytes } from '../ml/data/csv/decode';
import { csvOptionsOf, type CsvOptions } from '../ml/data/csv/options';
import { parseCsvText } from '../ml/data/csv/parse-text';
import { freeName, scoredCsv, type AddedColumn } from '../io/scored-csv';
import { loadArtifact, score, scoringTable, type LoadedArtifact, type ModelArtifact, type ScoreResult } from './artifact';
import { isSegmentArtifact, scoreSegments, type SegmentArtifact, type SegmentScores } from './artifact-segments';
import { countUnseen, countUnseenSegments, type UnseenCategories } from './artifact-unseen';

/** A scored file. */
export interface ScoredFile {
  /** The file that was scored. */
  file: string;
  rows: number;
  /** Every column of the CSV written, the file's first. */
  columns: string[];
  /** The columns the model added (`prediction`, `probability` and `label`, or `segment` and `persona`; suffixed when the file has one of that name). */
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
export async function scoreFile(source: ModelArtifact | LoadedArtifact | SegmentArtifact, bytes: Uint8Array, name: string, options: Partial<ScoreFileOptions> = {}): Promise<ScoredFile> {
  const o = { ...defaultScoreFileOptions, ...options };
  const csvOptions = csvOptionsOf(o.csv);
  o.onProgress?.(0, 1, 'reading');
  const decoded = decodeBytes(bytes, name, csvOptions);
  // parseCsvBytes is decodeBytes then this: the text is kept to write the file's own cells back out.
  const { table, warnings } = parseCsvText(decoded.text, name, csvOptions);
  o.onProgress?.(1, 1, 'reading');
  const names = table.columns.map((c) => c.name);
  let added: AddedColumn[];
  let unseen: UnseenCategories[];
  if ('format' in source && isSegmentArtifact(source)) {
    const scores = scoreSegments(source, table);
    unseen = countUnseenSegments(source, table);
    o.onProgress?.(table.rowCount, table.rowCount, 'scoring');
    added = segmentColumns(scores, new Set(names));
  } else {
    const loaded = 'format' in source ? await loadArtifact(source) : source;
    scoringTable(loaded.artifact, table);
    unseen = countUnseen(loaded.artifact, table);
    added = addedColumns(await score(loaded, table, { onProgress: o.onProgress }), new Set(names));
  }
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

/** A name not in `taken`, then taken. */
function claim(wanted: string, taken: Set<string>): string {
  const free = freeName(wanted, taken);
  taken.add(free);
  return free;
}

/** A segmentation's columns: the segment's number (1-based) and persona; blank for rows left out (a chosen column without a value). */
function segmentColumns(scores: SegmentScores, taken: Set<string>): AddedColumn[] {
  const { segment, personas } = scores;
  return [
    { name: claim('segment', taken), cell: (row) => (segment[row] < 0 ? '' : String(segment[row] + 1)) },
    { name: claim('persona', taken), cell: (row) => (segment[row] < 0 ? '' : personas[segment[row]]) },
  ];
}

/** The model's columns: `prediction` for a number, `probability` (binary: of the positive class) and `label` for classes. */
function addedColumns(result: ScoreResult, taken: Set<string>): AddedColumn[] {
  const name = (wanted: string): string => claim(wanted, taken);
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
