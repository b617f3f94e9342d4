/** The per-customer aggregates of the report: counts by a category and the top of a list, in one pass each. */
import { cellText, isMissing, type Table } from '../ml/core/table';
import type { Distribution, LevelRow } from './types';

/** Levels shown one by one in a distribution; the rest are grouped into one "Other" row. */
export const maxLevels = 12;

/** Per row: is the customer at risk (1), not (0), or unscored (NaN); and its predicted spend (NaN when none). */
export interface RowNumbers {
  atRisk: Float64Array | null;
  spend: Float64Array | null;
}

interface Acc {
  count: number;
  scored: number;
  atRisk: number;
  spendSum: number;
  spendCount: number;
  revenue: number;
}

const emptyAcc = (): Acc => ({ count: 0, scored: 0, atRisk: 0, spendSum: 0, spendCount: 0, revenue: 0 });

function add(acc: Acc, row: number, numbers: RowNumbers): void {
  acc.count++;
  const risk = numbers.atRisk ? numbers.atRisk[row] : NaN;
  const spend = numbers.spend ? numbers.spend[row] : NaN;
  if (!Number.isNaN(risk)) {
    acc.scored++;
    acc.atRisk += risk;
  }
  if (Number.isFinite(spend)) {
    acc.spendSum += spend;
    acc.spendCount++;
    if (risk === 1) acc.revenue += spend;
  }
}

function rowOf(level: string, acc: Acc, total: number, isOther: boolean): LevelRow {
  return {
    level,
    count: acc.count,
    share: total ? acc.count / total : NaN,
    atRisk: acc.atRisk,
    atRiskShare: acc.scored ? acc.atRisk / acc.scored : NaN,
    meanSpend: acc.spendCount ? acc.spendSum / acc.spendCount : NaN,
    revenueAtRisk: acc.revenue,
    isOther,
  };
}

/** Customers by the levels of `column`: the `maxLevels` largest, then the rest as one row. Keys are the data's own words, held in a Map. */
export function distributionBy(table: Table, column: string, numbers: RowNumbers): Distribution {
  const col = table.columns.find((c) => c.name === column);
  if (!col) throw new Error(`No column named “${column}”`);
  const byLevel = new Map<string, Acc>();
  let missing = 0;
  if (col.storage === 'category') {
    const accs = col.dictionary.map(emptyAcc);
    for (let i = 0; i < table.rowCount; i++) {
      const code = col.codes[i];
      if (code < 0) missing++;
      else add(accs[code], i, numbers);
    }
    col.dictionary.forEach((level, code) => {
      if (accs[code].count) byLevel.set(level, accs[code]);
    });
  } else {
    for (let i = 0; i < table.rowCount; i++) {
      if (isMissing(col, i)) {
        missing++;
        continue;
      }
      const level = cellText(col, i);
      let acc = byLevel.get(level);
      if (!acc) byLevel.set(level, (acc = emptyAcc()));
      add(acc, i, numbers);
    }
  }
  const sorted = [...byLevel].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
  const total = table.rowCount - missing;
  const rows = sorted.slice(0, maxLevels).map(([level, acc]) => rowOf(level, acc, total, false));
  const rest = sorted.slice(maxLevels);
  if (rest.length) {
    const other = rest.reduce((o, [, a]) => {
      for (const key of Object.keys(o) as (keyof Acc)[]) o[key] += a[key];
      return o;
    }, emptyAcc());
    rows.push(rowOf(`Other (${rest.length} levels)`, other, total, true));
  }
  return { column, rows, otherLevels: rest.length, missing };
}

/** Indices of the `n` rows with the largest `key` among those `keep` accepts, largest first (ties: lower row first). */
export function topRows(count: number, n: number, keep: (row: number) => boolean, key: (row: number) => number): number[] {
  const top: { row: number; key: number }[] = [];
  for (let row = 0; row < count; row++) {
    if (!keep(row)) continue;
    const k = key(row);
    if (top.length === n && !(k > top[n - 1].key)) continue;
    let at = top.length;
    while (at > 0 && k > top[at - 1].key) at--;
    top.splice(at, 0, { row, key: k });
    if (top.length > n) top.pop();
  }
  return top.map((t) => t.row);
}
