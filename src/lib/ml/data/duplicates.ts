/**
 * Exact duplicate rows: rows equal on every listed column (missing equals missing).
 * Duplicates make shuffled k-fold optimistic: a test row's twin sits in the training folds.
 */
import { getColumn, type Column, type Table } from '../core/table';
import { radixOrder } from '../stats/argsort';

/** Which rows are copies of each other. */
export interface DuplicateGroups {
  /** Group id 0..distinct-1 per table row, in order of first appearance (−1 for a row left out of the comparison). */
  groupOf: Int32Array;
  /** Number of distinct rows. */
  distinct: number;
  /** Rows that repeat an earlier row: rowCount − distinct. */
  count: number;
  /** Size of the largest group of identical rows. */
  largest: number;
}

/**
 * Groups the rows of `table` that are identical on `columns` (by name), via a hash and an exact check.
 * `rows`: compare only these table rows (a sample); the others get group −1 and are not counted.
 */
export function findDuplicates(table: Table, columns: readonly string[], rows?: Int32Array): DuplicateGroups {
  const cols = columns.map((name) => getColumn(table, name));
  const n = rows ? rows.length : table.rowCount;
  const rowAt = (p: number): number => (rows ? rows[p] : p);
  const hash = new Uint32Array(n);
  const scratch = new Float64Array(1);
  const words = new Uint32Array(scratch.buffer);
  for (const c of cols) {
    for (let p = 0; p < n; p++) {
      const i = rowAt(p);
      let h = hash[p] ^ 0x9e3779b9;
      if (c.storage === 'number') {
        const v = c.values[i];
        // NaN and −0 get one canonical bit pattern each so equal cells hash equally.
        scratch[0] = Number.isNaN(v) ? NaN : v + 0;
        h = Math.imul(h ^ words[0], 0x85ebca6b);
        h = Math.imul(h ^ words[1], 0xc2b2ae35);
      } else {
        h = Math.imul(h ^ (c.codes[i] + 1), 0x85ebca6b);
      }
      hash[p] = (h ^ (h >>> 15)) >>> 0;
    }
  }
  // Positions (into `rows`, or table rows) by hash; within each run of equal hashes, a row joins the first earlier row it equals exactly.
  const identity = new Int32Array(n);
  for (let p = 0; p < n; p++) identity[p] = p;
  const order = radixOrder(hash, identity);
  const leaderOf = new Int32Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && hash[order[end]] === hash[order[start]]) end++;
    for (let a = start; a < end; a++) {
      const p = order[a];
      leaderOf[p] = p;
      for (let b = start; b < a; b++) {
        const other = order[b];
        if (leaderOf[other] === other && rowsEqual(cols, rowAt(p), rowAt(other))) {
          leaderOf[p] = other;
          break;
        }
      }
    }
    start = end;
  }
  const groupOf = new Int32Array(table.rowCount).fill(-1);
  let distinct = 0;
  const size: number[] = [];
  for (let p = 0; p < n; p++) {
    const leader = leaderOf[p];
    const group = leader === p ? distinct++ : groupOf[rowAt(leader)];
    if (leader === p) size.push(0);
    groupOf[rowAt(p)] = group;
    size[group]++;
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
