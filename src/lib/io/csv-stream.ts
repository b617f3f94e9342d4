/**
 * Streaming a CSV/TSV file (a Blob: a picked File, a fetched example, or a Node Blob) through
 * PapaParse in chunks into the shared columnar builder (src/lib/ml/data/csv/table-builder.ts).
 * Progress is bytes read / file size. Runs wherever the 'parse' job runs (a worker in the app).
 */
import Papa from 'papaparse';
import type { ColumnPlan } from '../ml/data/csv/column-plan';
import { decideDecimalMark, withDecimalMark } from '../ml/data/csv/decimal-comma';
import { detectDelimiter } from '../ml/data/csv/delimiter';
import { csvOptionsOf, type CsvOptions } from '../ml/data/csv/options';
import type { ParseOutcome } from '../ml/data/csv/outcome';
import { unclosedQuoteWarning } from '../ml/data/csv/parse-text';
import { sniffBytes, type SniffResult } from '../ml/data/csv/sniff';
import { TableBuilder, type BuildResult } from '../ml/data/csv/table-builder';

/** Bytes read so far of the file's size. */
export type ReadProgress = (bytesRead: number, totalBytes: number) => void;

/** Listener shape PapaParse expects from a Node-style readable stream. */
type Listener = (value?: unknown) => void;

/**
 * Decoded text chunks of a Blob as the Node-style stream PapaParse accepts.
 * Why not `Papa.parse(file)`: its FileStreamer decodes each slice on its own
 * (`readAsText(slice)`, papaparse.js 5.7.1 lines 715–718), so a UTF-8 character
 * cut by a chunk boundary turns into U+FFFD. One streaming TextDecoder avoids that.
 */
function textStream(file: Blob, sniff: SniffResult, chunkBytes: number, onBytes: (bytes: number) => void) {
  const listeners = new Map<string, Listener>();
  const decoder = new TextDecoder(sniff.encoding, { ignoreBOM: true });
  let position = sniff.bomBytes;
  let isStopped = false;
  let isPaused = false;
  let isPumping = false;
  const pump = async (): Promise<void> => {
    if (isPumping) return;
    isPumping = true;
    try {
      while (!isStopped && !isPaused && position < file.size) {
        const end = Math.min(file.size, position + chunkBytes);
        const bytes = new Uint8Array(await file.slice(position, end).arrayBuffer());
        position = end;
        const text = decoder.decode(bytes, { stream: position < file.size });
        onBytes(position);
        if (!isStopped) listeners.get('data')?.(text);
      }
      if (!isStopped && !isPaused && position >= file.size) {
        isStopped = true;
        listeners.get('end')?.();
      }
    } catch (error) {
      listeners.get('error')?.(error);
    } finally {
      isPumping = false;
    }
  };
  return {
    readable: true as const,
    read: () => null,
    on(event: string, listener: Listener) {
      listeners.set(event, listener);
      if (event === 'end') queueMicrotask(() => void pump());
    },
    removeListener(event: string) {
      listeners.delete(event);
    },
    pause() {
      isPaused = true;
    },
    resume() {
      isPaused = false;
      void pump();
    },
    stop() {
      isStopped = true;
    },
  };
}

/** Line feeds inside a record's fields (quoted fields over several lines), as the tokenizer counts them. */
function lineBreaksIn(fields: readonly string[]): number {
  let count = 0;
  for (const field of fields) for (let at = field.indexOf('\n'); at >= 0; at = field.indexOf('\n', at + 1)) count++;
  return count;
}

/** One reading of the file into a builder; resolves with its result. */
function readOnce(file: Blob, name: string, options: CsvOptions, sniff: SniffResult, delimiter: string, builder: TableBuilder, onBytes: (bytes: number) => void, isDecimalComma: boolean): Promise<BuildResult> {
  const addRow = withDecimalMark(isDecimalComma, (fields, line) => builder.addRow(fields, line));
  return new Promise((resolve, reject) => {
    const stream = textStream(file, sniff, options.chunkBytes, onBytes);
    // Papa gives no line numbers: count records (blank lines included) and the line breaks inside their quoted fields.
    let line = 0;
    let unclosedQuoteLine = 0;
    let isSettled = false;
    // Papa calls `complete` from `abort()` too: settle once.
    const finish = (): void => {
      if (isSettled) return;
      isSettled = true;
      try {
        if (unclosedQuoteLine) builder.warn(unclosedQuoteWarning(name, unclosedQuoteLine));
        resolve(builder.finish());
      } catch (error) {
        reject(error);
      }
    };
    // Papa's typings do not list its Node-style stream input; the object above has the members it uses.
    Papa.parse(stream as unknown as File, {
      delimiter,
      header: false,
      dynamicTyping: false,
      chunk(results, parser) {
        for (const error of results.errors) {
          if (error.code === 'MissingQuotes' && !unclosedQuoteLine) unclosedQuoteLine = line + (error.row ?? 0) + 1;
        }
        for (const row of results.data as string[][]) {
          if (!addRow(row, ++line)) {
            stream.stop();
            parser.abort();
            finish();
            return;
          }
          line += lineBreaksIn(row);
        }
      },
      complete: () => finish(),
      error: (error: Error) => {
        isSettled = true;
        reject(error);
      },
    });
  });
}

/** Parses a CSV or TSV file into a table; errors are Error named 'ParseError' naming the file. */
export async function parseBlob(file: Blob, name: string, onProgress?: ReadProgress, partialOptions: Partial<CsvOptions> = {}): Promise<ParseOutcome> {
  const options = csvOptionsOf(partialOptions);
  const head = new Uint8Array(await file.slice(0, options.sniffBytes).arrayBuffer());
  const sniff = sniffBytes(head, name, file.size, options);
  const sample = new TextDecoder(sniff.encoding, { ignoreBOM: true }).decode(head.subarray(sniff.bomBytes));
  const delimiter = options.delimiter === 'auto' ? detectDelimiter(sample, head.length >= file.size) : options.delimiter;
  let lastReport = 0;
  let readings = 1;
  const onBytes = (bytes: number): void => {
    const now = Date.now();
    if (!onProgress || (now - lastReport < 100 && bytes < file.size)) return;
    lastReport = now;
    // Not awaited: the callback is a Comlink proxy; a second reading counts again from 0.
    void onProgress(bytes, file.size);
  };
  const decimal = decideDecimalMark(sample, delimiter, options.decimal);
  let plans: ColumnPlan[] | null = null;
  let warnings = sniff.warnings;
  for (;;) {
    const builder = new TableBuilder(name, options, plans, warnings);
    const result = await readOnce(file, name, options, sniff, delimiter, builder, onBytes, decimal.isApplied);
    if ('outcome' in result) return decimal.note ? { ...result.outcome, decimalComma: decimal.note } : result.outcome;
    if (++readings > 3) throw new Error(`${name}: column types did not settle after ${readings - 1} readings`);
    plans = result.replan;
    warnings = result.warnings;
  }
}
