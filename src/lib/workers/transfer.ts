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

/** A category column's dictionary as two transferable arrays: every entry's UTF-16 code units, and where each ends. */
interface PackedDictionary {
  units: Uint16Array;
  ends: Int32Array;
}

/** A table ready to send: fresh buffers (transferred), and dictionaries packed into arrays (structured-cloning 200,000 strings takes the page ~100 ms). */
export interface PackedTable {
  packed: 'table';
  name: string;
  rowCount: number;
  columns: (Column | (Omit<Extract<Column, { storage: 'category' }>, 'dictionary'> & { dictionary: PackedDictionary }))[];
}

/** Packed dictionaries already made, by dictionary: each worker gets a copy, the packing is done once. */
const packedDictionaries = new WeakMap<readonly string[], PackedDictionary>();

function packDictionary(dictionary: readonly string[]): PackedDictionary {
  let packed = packedDictionaries.get(dictionary);
  if (!packed) {
    const ends = new Int32Array(dictionary.length);
    let at = 0;
    for (let i = 0; i < dictionary.length; i++) ends[i] = at += dictionary[i].length;
    // One flat string, read in one loop: faster than a loop per entry over 200,000 short strings.
    const joined = dictionary.join('');
    const units = new Uint16Array(joined.length);
    for (let j = 0; j < joined.length; j++) units[j] = joined.charCodeAt(j);
    packed = { units, ends };
    packedDictionaries.set(dictionary, packed);
  }
  return { units: packed.units.slice(), ends: packed.ends.slice() };
}

/** The code units from `start` to `end` as a string, exactly (lone surrogates too), in chunks that fit an argument list. */
function textOf(units: Uint16Array, start: number, end: number): string {
  let text = '';
  for (let at = start; at < end; at += 8192) text += String.fromCharCode.apply(null, units.subarray(at, Math.min(end, at + 8192)) as unknown as number[]);
  return text;
}

function unpackDictionary({ units, ends }: PackedDictionary): string[] {
  const out = new Array<string>(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    out[i] = textOf(units, start, ends[i]);
    start = ends[i];
  }
  return out;
}

/** A copy of `table` to send to one worker: its own buffers, dictionaries packed. */
export function packTable(table: Table): PackedTable {
  const columns = table.columns.map((c) => (c.storage === 'number' ? { ...c, values: c.values.slice() } : { ...c, codes: c.codes.slice(), dictionary: packDictionary(c.dictionary) }));
  return { packed: 'table', name: table.name, rowCount: table.rowCount, columns };
}

/** Is `value` a packed table? */
export function isPackedTable(value: unknown): value is PackedTable {
  return !!value && typeof value === 'object' && (value as PackedTable).packed === 'table';
}

/** The table a worker was sent. */
export function unpackTable(packed: PackedTable): Table {
  const columns = packed.columns.map((c): Column => (c.storage === 'number' ? c : { ...c, dictionary: unpackDictionary(c.dictionary as PackedDictionary) }));
  return { name: packed.name, rowCount: packed.rowCount, columns };
}

/** Is `value` a table (columns with typed arrays)? */
export function isTable(value: unknown): value is Table {
  return !!value && typeof value === 'object' && Array.isArray((value as Table).columns) && typeof (value as Table).rowCount === 'number';
}
