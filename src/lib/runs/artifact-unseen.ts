/**
 * Categories of a scored file that the model never saw in training, counted per input column.
 * They are scored with the training rule all the same (merged into "Other", or all zeros without
 * it); the counts tell the user how much of the file that rule decided.
 */
import { cellText, getColumn, isMissing, type Table } from '../ml/core/table';
import type { ModelArtifact } from './artifact';
import type { SegmentArtifact } from './artifact-segments';

/** One column's unseen categories. */
export interface UnseenCategories {
  column: string;
  /** Rows whose category was not seen in training. */
  count: number;
  /** Distinct unseen categories. */
  levels: number;
  /** The most frequent unseen categories (at most 5), most frequent first. */
  examples: string[];
}

/**
 * Counts, per one-hot encoded input of `artifact`, the rows of `table` (already checked by
 * `scoringTable`) whose category is neither missing nor a training level. The training levels are
 * the encoder's own and those of the training profile; a column with more than the profile's 50
 * levels lists only its most frequent ones, so there a rare training level counts as unseen too.
 * Columns without unseen categories are left out.
 */
export function countUnseen(artifact: ModelArtifact, table: Table): UnseenCategories[] {
  const out: UnseenCategories[] = [];
  for (const step of artifact.pipeline.steps) {
    if (step.kind !== 'onehot') continue;
    const seen = new Set<string>([...step.levels, step.fill, ...(step.reference === undefined ? [] : [step.reference])]);
    const profile = artifact.profile.columns.find((c) => c.name === step.column);
    if (profile?.kind === 'categorical') for (const level of profile.levels) seen.add(level.value);
    const found = unseenIn(table, step.column, seen);
    if (found) out.push(found);
  }
  return out;
}

/**
 * The same for a saved segmentation: per one-hot encoded column, rows whose category is not one of
 * its levels (a column that grouped rare levels into "Other" knows only its kept ones, so there a
 * rare level of the fit counts as unseen too).
 */
export function countUnseenSegments(artifact: SegmentArtifact, table: Table): UnseenCategories[] {
  return artifact.scorer.encodings.flatMap((e) => (e.kind === 'onehot' ? (unseenIn(table, e.column, new Set(e.levels)) ?? []) : []));
}

/** Rows of `table`'s column `name` with a value outside `seen`, by value, or null when there are none. */
function unseenIn(table: Table, name: string, seen: ReadonlySet<string>): UnseenCategories | null {
  const column = getColumn(table, name);
  const counts = new Map<string, number>();
  if (column.storage === 'category') {
    const isUnseen = column.dictionary.map((level) => !seen.has(level));
    const byCode = new Float64Array(column.dictionary.length);
    for (const code of column.codes) if (code >= 0 && isUnseen[code]) byCode[code]++;
    byCode.forEach((n, code) => n && counts.set(column.dictionary[code], n));
  } else {
    for (let row = 0; row < table.rowCount; row++) {
      if (isMissing(column, row)) continue;
      const text = cellText(column, row);
      if (!seen.has(text)) counts.set(text, (counts.get(text) ?? 0) + 1);
    }
  }
  if (!counts.size) return null;
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return { column: name, count: ranked.reduce((s, [, n]) => s + n, 0), levels: ranked.length, examples: ranked.slice(0, 5).map(([level]) => level) };
}
