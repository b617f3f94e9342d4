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

/** A copy of a table with fresh buffers, so one copy can be transferred to each worker. */
export function cloneTable(table: Table): Table {
  const columns = table.columns.map((c): Column => (c.storage === 'number' ? { ...c, values: c.values.slice() } : { ...c, codes: c.codes.slice(), dictionary: [...c.dictionary] }));
  return { name: table.name, rowCount: table.rowCount, columns };
}

/** Is `value` a table (columns with typed arrays)? */
export function isTable(value: unknown): value is Table {
  return !!value && typeof value === 'object' && Array.isArray((value as Table).columns) && typeof (value as Table).rowCount === 'number';
}
