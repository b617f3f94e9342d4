/**
 * Reading a Parquet file through hyparquet, imported only when such a file is opened. Row
 * groups are read one at a time (progress per group) as rows of cell texts, so the CSV typing
 * rules apply: 64-bit integers keep every digit, dates and timestamps come as dates, nested
 * values (lists, structs) as JSON text. Snappy-compressed and uncompressed files are read;
 * other codecs are refused with a message naming the codec.
 */
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { ParseError } from '../ml/data/csv/parse-error';
import type { CsvOptions } from '../ml/data/csv/options';
import type { ParseOutcome } from '../ml/data/csv/outcome';
import { buildTable, type RowEmitter } from '../ml/data/formats/build-table';
import { cellText } from '../ml/data/formats/cell-text';
import type { ReadProgress } from './csv-stream';

/** A Blob as the random-access buffer hyparquet reads. */
function blobBuffer(file: Blob): AsyncBuffer {
  return { byteLength: file.size, slice: (start, end) => file.slice(start, end).arrayBuffer() };
}

/** JSON text of a nested value; 64-bit integers as digits (JSON.stringify refuses bigints). */
function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/**
 * Reads a Parquet file into a table with the CSV typing rules.
 * @throws ParseError naming the file: not a Parquet file, an unsupported codec, a damaged row group
 */
export async function parseParquet(file: Blob, name: string, onProgress?: ReadProgress, options: Partial<CsvOptions> = {}): Promise<ParseOutcome> {
  const { parquetMetadataAsync, parquetRead, parquetSchema } = await import('hyparquet');
  const buffer = blobBuffer(file);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw new ParseError(`${name} could not be read as a Parquet file: ${(error as Error).message}.`);
  }
  const header = parquetSchema(metadata).children.map((child) => child.element.name);
  if (header.length === 0) throw new ParseError(`${name} is a Parquet file without columns.`);
  const nested = new Map<string, number>();
  const groups = metadata.row_groups;
  const rows: RowEmitter = async (emit) => {
    if (!emit(header, 0)) return;
    let rowStart = 0;
    for (let g = 0; g < groups.length; g++) {
      const rowEnd = rowStart + Number(groups[g].num_rows);
      let values: unknown[][] = [];
      try {
        await parquetRead({ file: buffer, metadata, rowStart, rowEnd, onComplete: (read) => (values = read) });
      } catch (error) {
        throw new ParseError(`${name}: row group ${g + 1} (rows ${rowStart + 1}–${rowEnd}) could not be read: ${(error as Error).message}.`);
      }
      for (let i = 0; i < values.length; i++) {
        const row = values[i];
        const fields = header.map((column, j) => {
          const text = cellText(row[j]);
          if (text !== null) return text;
          if (!nested.has(column)) nested.set(column, rowStart + i + 1);
          return jsonText(row[j]);
        });
        // Messages count data rows from 1, as a Parquet viewer does.
        if (!emit(fields, rowStart + i + 1)) return;
      }
      rowStart = rowEnd;
      onProgress?.(file.size * (rowStart / Number(metadata.num_rows || 1n)), file.size);
    }
  };
  const outcome = await buildTable(name, rows, options);
  for (const [column, row] of nested) outcome.warnings.push(`${name}: column "${column}" holds nested values (lists or records, first at row ${row}); they were kept as JSON text.`);
  return outcome;
}
