/**
 * A dataset's fingerprint: its name, shape and a 64-bit hash of every column's name, type and
 * values, so a run or a model can say what data it was made on without holding the data.
 * Two FNV-1a-style 32-bit lanes over the columns' bytes; each column's hash is kept per array,
 * so the tables the app derives from one file (type overrides, added columns) hash only what changed.
 */
import type { Column, Table } from '../core/table';

/** The fingerprint of a dataset (the same shape as a RunConfig's `data`). */
export interface TableFingerprint {
  name: string;
  rows: number;
  cols: number;
  /** 16 hex digits. */
  hash: string;
}

const columnHashes = new WeakMap<object, [number, number]>();

/** Mixes 32-bit words into two lanes (FNV-1a prime, different offsets). */
function mixWords(words: ArrayLike<number>, state: [number, number]): void {
  let [a, b] = state;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] | 0;
    a = Math.imul(a ^ w, 0x01000193);
    b = Math.imul(b ^ (w + 0x9e3779b9), 0x01000193) ^ (b >>> 15);
  }
  state[0] = a;
  state[1] = b;
}

function mixText(text: string, state: [number, number]): void {
  const words = new Int32Array(text.length + 1);
  for (let i = 0; i < text.length; i++) words[i] = text.charCodeAt(i);
  words[text.length] = -1;
  mixWords(words, state);
}

/** The hash of a column's values (cached per array: an override of its type or role reuses it). */
function valuesHash(column: Column): [number, number] {
  const array = column.storage === 'number' ? column.values : column.codes;
  const cached = columnHashes.get(array);
  if (cached) return cached;
  const state: [number, number] = [0x811c9dc5, 0x2f3b1a7d];
  mixWords(new Int32Array(array.buffer, array.byteOffset, array.byteLength / 4), state);
  if (column.storage === 'category') for (const level of column.dictionary) mixText(level, state);
  columnHashes.set(array, state);
  return state;
}

/**
 * The hash of each column's values, in column order: the parse worker computes them with the
 * table, so the page does not read 200,000 rows again to fingerprint it.
 */
export function valueHashesOf(table: Table): [number, number][] {
  return table.columns.map((column) => [...valuesHash(column)]);
}

/** Keeps hashes made by {@link valueHashesOf} (in another thread) for `table`'s columns; a list of another length is ignored. */
export function rememberValueHashes(table: Table, hashes: readonly (readonly [number, number])[]): void {
  if (hashes.length !== table.columns.length) return;
  table.columns.forEach((column, i) => {
    const array = column.storage === 'number' ? column.values : column.codes;
    if (!columnHashes.has(array)) columnHashes.set(array, [hashes[i][0], hashes[i][1]]);
  });
}

/** The fingerprint of `table`: name, rows, columns and a hash of every column's name, type and values. */
export function fingerprintTable(table: Table): TableFingerprint {
  const state: [number, number] = [0x811c9dc5 ^ table.rowCount, 0x2f3b1a7d];
  for (const column of table.columns) {
    mixText(`${column.name}\u0000${column.type}`, state);
    mixWords(valuesHash(column), state);
  }
  const hex = (x: number) => (x >>> 0).toString(16).padStart(8, '0');
  return { name: table.name, rows: table.rowCount, cols: table.columns.length, hash: hex(state[0]) + hex(state[1]) };
}
