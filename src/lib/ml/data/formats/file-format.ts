/** Which reader a file needs, from its name and, when the name says nothing, its first bytes. */

/** The formats we read: delimited text, gzip-compressed delimited text, Excel workbooks, Parquet, JSON Lines. */
export type FileFormat = 'csv' | 'csv.gz' | 'xlsx' | 'parquet' | 'jsonl';

/** The extensions the file picker accepts, for its `accept` attribute. */
export const acceptedExtensions = ['.csv', '.tsv', '.txt', '.csv.gz', '.tsv.gz', '.xlsx', '.parquet', '.jsonl', '.ndjson'] as const;

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/**
 * The format of a file: by its extension (`.xlsx`, `.parquet`, `.jsonl`/`.ndjson`, `.gz`), else by its
 * magic bytes (gzip `1f 8b`, Parquet `PAR1`, a ZIP holding `xl/`), else delimited text.
 * @param head the first bytes of the file (a few hundred are enough)
 */
export function fileFormatOf(name: string, head: Uint8Array): FileFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm')) return 'xlsx';
  if (lower.endsWith('.parquet') || lower.endsWith('.parq')) return 'parquet';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.gz') || startsWith(head, [0x1f, 0x8b])) return 'csv.gz';
  if (startsWith(head, [0x50, 0x41, 0x52, 0x31])) return 'parquet';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) && new TextDecoder('latin1').decode(head).includes('xl/')) return 'xlsx';
  return 'csv';
}

