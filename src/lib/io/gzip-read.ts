/**
 * Gzip-compressed CSV/TSV (`.csv.gz`, `.tsv.gz`) through the platform's own DecompressionStream
 * (browsers and Node 18+): the file is inflated into a Blob, then read as any CSV (messages name the .gz file). Progress is
 * the compressed bytes read for the first half, the CSV reading for the second.
 */
import { ParseError } from '../ml/data/csv/parse-error';
import type { CsvOptions } from '../ml/data/csv/options';
import type { ParseOutcome } from '../ml/data/csv/outcome';
import { parseBlob, type ReadProgress } from './csv-stream';

/** Inflates a gzip Blob, reporting compressed bytes read. */
export async function gunzipBlob(file: Blob, name: string, onBytes?: (bytesRead: number) => void): Promise<Blob> {
  let read = 0;
  const counting = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      read += chunk.byteLength;
      onBytes?.(read);
      controller.enqueue(chunk);
    },
  });
  try {
    // The DOM typings want BufferSource chunks in, which a Uint8Array is; the cast only bridges the generic.
    const inflate = new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
    const stream = file.stream().pipeThrough(counting).pipeThrough(inflate);
    return await new Response(stream).blob();
  } catch (error) {
    throw new ParseError(`${name} could not be decompressed as gzip: ${(error as Error).message}. Is it a complete .gz file?`);
  }
}

/** Reads a gzip-compressed CSV/TSV; messages name the file as given (`sales.csv.gz`). */
export async function parseGzip(file: Blob, name: string, onProgress?: ReadProgress, options: Partial<CsvOptions> = {}): Promise<ParseOutcome> {
  let last = 0;
  const inflated = await gunzipBlob(file, name, (bytes) => {
    const now = Date.now();
    if (!onProgress || now - last < 100) return;
    last = now;
    void onProgress(bytes / 2, file.size);
  });
  const half = (read: number, total: number): void => void onProgress?.(file.size / 2 + (file.size / 2) * (read / Math.max(1, total)), file.size);
  return parseBlob(inflated, name, half, options);
}
