/** Picks the field separator of a CSV from its first lines. */
import { tokenizeCsv } from './tokenize';

/** The separators we detect, in order of preference when they tie. */
export const candidateDelimiters = [',', '\t', ';', '|'] as const;

/** One of {@link candidateDelimiters}. */
export type Delimiter = (typeof candidateDelimiters)[number];

/**
 * The delimiter that splits the first records into the most consistent number of fields
 * (more than one): ties go to more fields, then to the order of {@link candidateDelimiters}.
 * Comma when nothing splits the header (a single-column file).
 * @param sample the start of the file; when `isWholeText` is false its last record may be cut and is ignored
 * @param maxRecords records examined (default 50)
 */
export function detectDelimiter(sample: string, isWholeText = true, maxRecords = 50): Delimiter {
  let best: Delimiter = ',';
  let bestConsistency = 0;
  let bestFields = 1;
  for (const delimiter of candidateDelimiters) {
    const counts: number[] = [];
    tokenizeCsv(sample, delimiter, (fields) => {
      if (fields.length === 1 && fields[0].trim() === '') return true;
      counts.push(fields.length);
      return counts.length <= maxRecords;
    });
    if (!isWholeText && counts.length > 1) counts.pop();
    const header = counts[0] ?? 1;
    if (header < 2) continue;
    const consistency = counts.filter((c) => c === header).length / counts.length;
    if (consistency > bestConsistency + 1e-9 || (Math.abs(consistency - bestConsistency) <= 1e-9 && header > bestFields)) {
      best = delimiter;
      bestConsistency = consistency;
      bestFields = header;
    }
  }
  return best;
}
