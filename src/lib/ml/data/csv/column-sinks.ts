/**
 * Per-column accumulators that parse cells straight into growable typed
 * arrays (8 bytes a cell for numbers and dates, 4 for category codes), so
 * cell strings never outlive their chunk.
 */
import { roleFor, type Column } from '../../core/table';
import { DateEvidence, type ColumnPlan } from './column-plan';
import { booleanLabelsOf, booleanValuesOf, maxCategoryLevels, stringColumnType } from './column-type';
import { isIdName } from '../ids';
import { dateMs, dateParts, type DateOrder } from './date-cell';
import { isMissingCell } from './missing-cell';
import { parseNumberCell } from './number-cell';

/** The first cell that did not fit a column's plan. */
export interface Demotion {
  line: number;
  cell: string;
}

/** One column being filled. */
export interface ColumnSink {
  readonly plan: ColumnPlan;
  /** Set when a cell contradicted the plan; the sink then stops storing. */
  demotion: Demotion | null;
  push(cell: string, line: number): void;
  /** The plan the whole column agrees on, after a demotion (read the file again with it). */
  replanned(): ColumnPlan;
  /** The finished column; only valid when not demoted. */
  finish(name: string, rowCount: number): Column;
}

function grownF64(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

function grownI32(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * `text` in a string of its own. A cell cut out of a chunk's text by the tokenizer (`substring`,
 * `split`) of 13 characters or more is, in V8, a "sliced string" that keeps the whole chunk (4 MiB)
 * alive: a dictionary of long ids kept every chunk of the file (1M × 12 with 25-character ids held
 * 2.9× its float64 size). A JSON round trip gives a fresh sequential copy (exact for any text, lone
 * surrogates included), about 60 B a 25-character id; only new dictionary words pay it.
 * https://v8.dev/blog/string#sliced-strings (V8's SlicedString::kMinLength is 13)
 */
export function ownString(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/** Copies only when the buffer is larger than needed, so the result owns an exact buffer to transfer. */
function exactF64(a: Float64Array, n: number): Float64Array {
  return a.length === n ? a : a.slice(0, n);
}

function isUniqueSorted(values: Float64Array): boolean {
  const sorted = values.slice().sort();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return false;
  return true;
}

/** Numbers (NaN for missing); becomes boolean when only 0 and 1 occur, id under an id name when unique integers. */
export class NumberSink implements ColumnSink {
  readonly plan: ColumnPlan = { kind: 'number' };
  demotion: Demotion | null = null;
  private values: Float64Array;
  private n = 0;
  private missing = 0;
  private isAllInteger = true;
  private isAllZeroOne = true;
  /** Decimals every number was written with (−1 before the first, −2 once they differ or a cell is formatted). */
  private decimals = -1;

  constructor(capacity: number) {
    this.values = new Float64Array(Math.max(16, capacity));
  }

  /** Tracks whether every number is written with the same count of decimals (money: 2). */
  private noteDecimals(cell: string): void {
    if (this.decimals === -2) return;
    const text = cell.trim();
    if (!/^[-+]?\d*\.?\d+$/.test(text) && !/^[-+]?\d+\.$/.test(text)) {
      this.decimals = -2;
      return;
    }
    const dot = text.indexOf('.');
    const count = dot < 0 ? 0 : text.length - dot - 1;
    if (this.decimals === -1) this.decimals = count;
    else if (this.decimals !== count) this.decimals = -2;
  }

  push(cell: string, line: number): void {
    if (this.demotion) return;
    let v = parseNumberCell(cell);
    if (v !== v) {
      if (!isMissingCell(cell)) {
        this.demotion = { line, cell };
        this.values = new Float64Array(0);
        return;
      }
      this.missing++;
    } else {
      this.noteDecimals(cell);
      if (this.isAllZeroOne && v !== 0 && v !== 1) this.isAllZeroOne = false;
      if (this.isAllInteger && Math.floor(v) !== v) this.isAllInteger = false;
      if (v === 0) v = 0; // -0 reads as 0
    }
    if (this.n === this.values.length) this.values = grownF64(this.values);
    this.values[this.n++] = v;
  }

  replanned(): ColumnPlan {
    return { kind: 'category' };
  }

  finish(name: string, rowCount: number): Column {
    const values = exactF64(this.values, rowCount);
    this.values = new Float64Array(0);
    const present = rowCount - this.missing;
    let type: Column['type'] = 'numeric';
    if (present > 0 && this.isAllZeroOne) return { name, type: 'boolean', role: roleFor('boolean'), storage: 'number', values, labels: ['0', '1'] };
    if (this.missing === 0 && this.isAllInteger && rowCount >= 2 && isIdName(name) && isUniqueSorted(values)) type = 'id';
    // A key that repeats (CustomerID in an order log): whole numbers under an id-like name, too many to be categories.
    else if (this.isAllInteger && isIdName(name) && hasMoreDistinctThan(values, maxCategoryLevels)) type = 'id';
    return { name, type, role: roleFor(type), storage: 'number', values, ...(this.decimals > 0 ? { decimals: this.decimals } : {}) };
  }
}

/** Dates as epoch milliseconds (UTC) under one day-month order. */
export class DateSink implements ColumnSink {
  readonly plan: ColumnPlan;
  demotion: Demotion | null = null;
  private readonly order: DateOrder;
  private readonly evidence = new DateEvidence();
  private values: Float64Array;
  private n = 0;

  constructor(order: DateOrder, capacity: number) {
    this.order = order;
    this.plan = { kind: 'date', order };
    this.values = new Float64Array(Math.max(16, capacity));
  }

  push(cell: string, line: number): void {
    if (isMissingCell(cell)) {
      if (this.demotion) return;
      if (this.n === this.values.length) this.values = grownF64(this.values);
      this.values[this.n++] = NaN;
      return;
    }
    if (this.demotion) {
      // Keep collecting evidence so the second reading picks an order every cell allows.
      this.evidence.add(cell);
      return;
    }
    const parts = dateParts(cell);
    const ms = parts ? dateMs(parts, this.order) : NaN;
    if (ms !== ms) {
      this.demotion = { line, cell };
      this.values = new Float64Array(0);
      this.evidence.add(cell);
      return;
    }
    this.evidence.add(cell);
    if (this.n === this.values.length) this.values = grownF64(this.values);
    this.values[this.n++] = ms;
  }

  replanned(): ColumnPlan {
    const order = this.evidence.order();
    return order && order !== this.order ? { kind: 'date', order } : { kind: 'category' };
  }

  finish(name: string, rowCount: number): Column {
    const values = exactF64(this.values, rowCount);
    this.values = new Float64Array(0);
    const time = timeOfDay(values);
    return { name, type: 'date', role: roleFor('date'), storage: 'number', values, ...(time ? { time } : {}) };
  }
}

/** Strings as codes into a dictionary; becomes boolean for yes/no words, id or text by uniqueness and length. */
export class CategorySink implements ColumnSink {
  readonly plan: ColumnPlan = { kind: 'category' };
  demotion: Demotion | null = null;
  private readonly index = new Map<string, number>();
  private readonly dictionary: string[] = [];
  private codes: Int32Array;
  private n = 0;
  private missing = 0;

  constructor(capacity: number) {
    this.codes = new Int32Array(Math.max(16, capacity));
  }

  push(cell: string): void {
    let code = -1;
    if (isMissingCell(cell)) {
      this.missing++;
    } else {
      const n = cell.length;
      const key = cell.charCodeAt(0) <= 32 || cell.charCodeAt(n - 1) <= 32 ? cell.trim() : cell;
      const known = this.index.get(key);
      if (known === undefined) {
        code = this.dictionary.length;
        const own = ownString(key);
        this.dictionary.push(own);
        this.index.set(own, code);
      } else {
        code = known;
      }
    }
    if (this.n === this.codes.length) this.codes = grownI32(this.codes);
    this.codes[this.n++] = code;
  }

  replanned(): ColumnPlan {
    return this.plan;
  }

  finish(name: string, rowCount: number): Column {
    const codes = this.codes.length === rowCount ? this.codes : this.codes.slice(0, rowCount);
    this.codes = new Int32Array(0);
    // The word → code index is not needed any more: free it before the next columns are finished (1M ids: tens of MB).
    this.index.clear();
    const booleans = booleanValuesOf(this.dictionary);
    if (booleans) {
      const values = new Float64Array(rowCount);
      const counts = new Float64Array(this.dictionary.length);
      for (let i = 0; i < rowCount; i++) {
        const code = codes[i];
        values[i] = code < 0 ? NaN : booleans[code];
        if (code >= 0) counts[code]++;
      }
      return { name, type: 'boolean', role: roleFor('boolean'), storage: 'number', values, labels: booleanLabelsOf(this.dictionary, booleans, counts) };
    }
    let totalLength = 0;
    let spaced = 0;
    let digitsOnly = 0;
    for (const value of this.dictionary) {
      totalLength += value.length;
      if (value.includes(' ')) spaced++;
      if (/^[0-9]+$/.test(value)) digitsOnly++;
    }
    const unique = this.dictionary.length;
    const type = stringColumnType(name, {
      rowCount,
      missing: this.missing,
      unique,
      meanLength: unique ? totalLength / unique : 0,
      spacedShare: unique ? spaced / unique : 0,
      digitShare: unique ? digitsOnly / unique : 0,
    });
    return { name, type, role: roleFor(type), storage: 'category', codes, dictionary: this.dictionary };
  }
}

/** A sink for a plan. */
export function sinkFor(plan: ColumnPlan, capacity: number): ColumnSink {
  if (plan.kind === 'number') return new NumberSink(capacity);
  if (plan.kind === 'date') return new DateSink(plan.order, capacity);
  return new CategorySink(capacity);
}

/** Do the present values of `values` take more than `limit` distinct values? Stops as soon as they do. */
function hasMoreDistinctThan(values: Float64Array, limit: number): boolean {
  const seen = new Set<number>();
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    seen.add(v);
    if (seen.size > limit) return true;
  }
  return false;
}

/** Whether any date has a time of day, and whether any has seconds (milliseconds count as seconds). */
function timeOfDay(values: Float64Array): 'minutes' | 'seconds' | undefined {
  const day = 86_400_000;
  let time: 'minutes' | 'seconds' | undefined;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    const ms = ((v % day) + day) % day;
    if (ms === 0) continue;
    if (ms % 60_000 !== 0) return 'seconds';
    time = 'minutes';
  }
  return time;
}
