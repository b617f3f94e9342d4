/**
 * What to transfer instead of copy when a value crosses to or from a worker: the buffers of its
 * typed arrays. Only buffers a view covers whole are taken (a view into a WebAssembly memory or a
 * shared buffer must never be detached), each once (listing a buffer twice makes postMessage throw).
 */
import type { Column, Table } from '../ml/core/table';

/** Objects deeper than this are not searched for buffers (results are shallow; this only stops runaway walks). */
const maxDepth = 12;

/** The transferable buffers reachable from `value`. */
export function transferablesIn(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const walk = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object' || depth > maxDepth || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      const buffer = v.buffer;
      if (buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === buffer.byteLength && buffer.byteLength > 0) found.add(buffer);
      return;
    }
    if (v instanceof ArrayBuffer || (typeof Blob !== 'undefined' && v instanceof Blob)) return;
    if (v instanceof Map) {
      for (const x of v.values()) walk(x, depth + 1);
      return;
    }
    for (const x of Array.isArray(v) ? v : Object.values(v)) walk(x, depth + 1);
  };
  walk(value, 0);
  return [...found];
}

/** One column of a packed table: its description, and where its values lie in the shared arrays. */
type PackedColumn =
  | (Omit<Extract<Column, { storage: 'number' }>, 'values'> & { offset: number })
  | (Omit<Extract<Column, { storage: 'category' }>, 'codes' | 'dictionary'> & { offset: number; entries: [start: number, end: number] });

/**
 * A table ready to send: every column's values in one array per storage and every dictionary's
 * text in one array of UTF-16 code units, so a 5,000-column table is four transferred buffers
 * (structured-cloning 200,000 strings, or 5,000 buffers, takes the page hundreds of ms).
 */
export interface PackedTable {
  packed: 'table';
  name: string;
  rowCount: number;
  columns: PackedColumn[];
  /** Number columns back to back, `rowCount` each. */
  numbers: Float64Array;
  /** Category codes back to back, `rowCount` each. */
  codes: Int32Array;
  /** Every dictionary entry's code units, and where each entry ends. */
  units: Uint16Array;
  ends: Int32Array;
  /** The table's `rowLines`, when it has them. */
  rowLines?: Int32Array;
}

/** Most bytes copied in one slice of a packing (1 MB: a few ms; a 200,000 × 12 table in one go held the page for over 100 ms). */
const sliceBytes = 2 ** 20;

/** A copy of `table` to send to one worker (its own buffers, to be transferred), made at once. */
export function packTable(table: Table): PackedTable {
  const steps = packSteps(table);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link packTable} in slices of at most 1 MB copied, yielding to the event loop between them, so
 * the page that sends a large table to its workers never stops for long.
 */
export async function packTableInSlices(table: Table): Promise<PackedTable> {
  const steps = packSteps(table);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await yieldToEventLoop();
  }
}

/** Lets the event loop run input, drawing and other tasks (`scheduler.yield` where the browser has it). */
function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

/** Packs `table`, yielding after each slice of about `sliceBytes` copied. */
function* packSteps(table: Table): Generator<void, PackedTable> {
  const n = table.rowCount;
  const numberCount = table.columns.filter((c) => c.storage === 'number').length;
  const numbers = new Float64Array(numberCount * n);
  const codes = new Int32Array((table.columns.length - numberCount) * n);
  let copied = 0;
  /** Counts `bytes` copied; true when a slice is full (the caller yields). */
  const isSliceFull = (bytes: number): boolean => {
    copied += bytes;
    if (copied < sliceBytes) return false;
    copied = 0;
    return true;
  };
  const dictionaries: PackedDictionary[] = [];
  let numberAt = 0;
  let codeAt = 0;
  let entryCount = 0;
  let unitCount = 0;
  const columns: PackedColumn[] = [];
  for (const c of table.columns) {
    if (c.storage === 'number') {
      const { values, ...rest } = c;
      columns.push({ ...rest, offset: numberAt });
      for (let from = 0; from < n; from += sliceBytes / 8) {
        const to = Math.min(n, from + sliceBytes / 8);
        numbers.set(values.subarray(from, to), numberAt + from);
        if (isSliceFull((to - from) * 8)) yield;
      }
      numberAt += n;
      continue;
    }
    const { codes: columnCodes, dictionary, ...rest } = c;
    for (let from = 0; from < n; from += sliceBytes / 4) {
      const to = Math.min(n, from + sliceBytes / 4);
      codes.set(columnCodes.subarray(from, to), codeAt + from);
      if (isSliceFull((to - from) * 4)) yield;
    }
    const packed = packedDictionaries.get(dictionary) ?? (yield* packDictionary(dictionary));
    dictionaries.push(packed);
    entryCount += packed.ends.length;
    unitCount += packed.units.length;
    columns.push({ ...rest, offset: codeAt, entries: [entryCount - packed.ends.length, entryCount] });
    codeAt += n;
  }
  // The dictionaries end to end: each one's ends shifted by the code units before it.
  const units = new Uint16Array(unitCount);
  const ends = new Int32Array(entryCount);
  let unitAt = 0;
  let entryAt = 0;
  for (const d of dictionaries) {
    units.set(d.units, unitAt);
    for (let i = 0; i < d.ends.length; i++) ends[entryAt + i] = d.ends[i] + unitAt;
    unitAt += d.units.length;
    entryAt += d.ends.length;
    if (isSliceFull(d.units.length * 2 + d.ends.length * 8)) yield;
  }
  return { packed: 'table', name: table.name, rowCount: n, columns, numbers, codes, units, ends, ...(table.rowLines && { rowLines: table.rowLines.slice() }) };
}

/** A dictionary's code units and where each entry ends. */
interface PackedDictionary {
  units: Uint16Array;
  ends: Int32Array;
}

/** Dictionaries already packed: a table derived from another (a label added, a column typed) keeps its dictionaries, so they are packed once. */
const packedDictionaries = new WeakMap<readonly string[], PackedDictionary>();

/** Packs a dictionary (kept for the next packing), yielding after each slice of entries. */
function* packDictionary(dictionary: readonly string[]): Generator<void, PackedDictionary> {
  const ends = new Int32Array(dictionary.length);
  let at = 0;
  for (let i = 0; i < dictionary.length; i++) ends[i] = at += dictionary[i].length;
  const units = new Uint16Array(at);
  // Entries joined a slice at a time, each slice read in one loop: faster than a loop per entry over 200,000 short strings.
  for (let from = 0; from < dictionary.length; ) {
    const start = from === 0 ? 0 : ends[from - 1];
    let to = from + 1;
    while (to < dictionary.length && ends[to] - start < sliceBytes / 2) to++;
    const joined = dictionary.slice(from, to).join('');
    for (let j = 0; j < joined.length; j++) units[start + j] = joined.charCodeAt(j);
    from = to;
    if (from < dictionary.length) yield;
  }
  const packed = { units, ends };
  packedDictionaries.set(dictionary, packed);
  return packed;
}

/** The buffers of a packed table, to transfer. */
export function packedTransferables(packed: PackedTable): ArrayBuffer[] {
  return [packed.numbers, packed.codes, packed.units, packed.ends].map((a) => a.buffer as ArrayBuffer).filter((b) => b.byteLength > 0);
}

/** The code units from `start` to `end` as a string, exactly (lone surrogates too), in chunks that fit an argument list. */
function textOf(units: Uint16Array, start: number, end: number): string {
  let text = '';
  for (let at = start; at < end; at += 8192) text += String.fromCharCode.apply(null, units.subarray(at, Math.min(end, at + 8192)) as unknown as number[]);
  return text;
}

/** Is `value` a packed table? */
export function isPackedTable(value: unknown): value is PackedTable {
  return !!value && typeof value === 'object' && (value as PackedTable).packed === 'table';
}

/** The table a worker was sent: its columns are views into the packed arrays. */
export function unpackTable(packed: PackedTable): Table {
  const { rowCount: n, numbers, codes, units, ends } = packed;
  const columns = packed.columns.map((c): Column => {
    if (c.storage === 'number') {
      const { offset, ...rest } = c;
      return { ...rest, values: numbers.subarray(offset, offset + n) };
    }
    const { offset, entries, ...rest } = c;
    const dictionary = new Array<string>(entries[1] - entries[0]);
    let start = entries[0] === 0 ? 0 : ends[entries[0] - 1];
    for (let i = entries[0]; i < entries[1]; i++) {
      dictionary[i - entries[0]] = textOf(units, start, ends[i]);
      start = ends[i];
    }
    return { ...rest, codes: codes.subarray(offset, offset + n), dictionary };
  });
  return { name: packed.name, rowCount: n, columns, ...(packed.rowLines && { rowLines: packed.rowLines }) };
}

/** Is `value` a table (columns with typed arrays)? */
export function isTable(value: unknown): value is Table {
  return !!value && typeof value === 'object' && Array.isArray((value as Table).columns) && typeof (value as Table).rowCount === 'number';
}
