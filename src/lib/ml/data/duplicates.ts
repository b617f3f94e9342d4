/**
 * Exact duplicate rows: rows equal on every listed column (missing equals missing).
 * Duplicates make shuffled k-fold optimistic: a test row's twin sits in the training folds.
 */
import { getColumn, type Column, type Table } from '../core/table';

/** Which rows are copies of each other. */
export interface DuplicateGroups {
  /** Group id 0..distinct-1 per row, in order of first appearance. */
  groupOf: Int32Array;
  /** Number of distinct rows. */
  distinct: number;
  /** Rows that repeat an earlier row: rowCount − distinct. */
  count: number;
  /** Size of the largest group of identical rows. */
  largest: number;
}

/** Groups the rows of `table` that are identical on `columns` (by name), via a hash and an exact check. */
export function findDuplicates(table: Table, columns: readonly string[]): DuplicateGroups {
  const cols = columns.map((name) => getColumn(table, name));
  const n = table.rowCount;
  const hash = new Uint32Array(n);
  const scratch = new Float64Array(1);
  const words = new Uint32Array(scratch.buffer);
  for (const c of cols) {
    for (let i = 0; i < n; i++) {
      let h = hash[i] ^ 0x9e3779b9;
      if (c.storage === 'number') {
        const v = c.values[i];
        // NaN and −0 get one canonical bit pattern each so equal cells hash equally.
        scratch[0] = Number.isNaN(v) ? NaN : v + 0;
        h = Math.imul(h ^ words[0], 0x85ebca6b);
        h = Math.imul(h ^ words[1], 0xc2b2ae35);
      } else {
        h = Math.imul(h ^ (c.codes[i] + 1), 0x85ebca6b);
      }
      hash[i] = (h ^ (h >>> 15)) >>> 0;
    }
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => hash[a] - hash[b] || a - b);
  const groupOf = new Int32Array(n).fill(-1);
  const leaderOf = new Int32Array(n);
  // Within each run of equal hashes, rows join the first earlier row they equal exactly.
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && hash[order[end]] === hash[order[start]]) end++;
    for (let a = start; a < end; a++) {
      const row = order[a];
      leaderOf[row] = row;
      for (let b = start; b < a; b++) {
        const other = order[b];
        if (leaderOf[other] === other && rowsEqual(cols, row, other)) {
          leaderOf[row] = other;
          break;
        }
      }
    }
    start = end;
  }
  let distinct = 0;
  const size: number[] = [];
  for (let i = 0; i < n; i++) {
    const leader = leaderOf[i];
    if (leader === i) {
      groupOf[i] = distinct++;
      size.push(0);
    } else {
      groupOf[i] = groupOf[leader];
    }
    size[groupOf[i]]++;
  }
  return { groupOf, distinct, count: n - distinct, largest: size.reduce((m, s) => Math.max(m, s), 0) };
}

function rowsEqual(cols: Column[], a: number, b: number): boolean {
  for (const c of cols) {
    if (c.storage === 'number') {
      const x = c.values[a];
      const y = c.values[b];
      if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
    } else if (c.codes[a] !== c.codes[b]) {
      return false;
    }
  }
  return true;
}
