/**
 * Evaluates a formula column-wise over a table, to one Float64Array. Missing inputs
 * give missing outputs (NaN), and so does anything not finite: x / 0, log(0),
 * sqrt(−1) and overflow are missing, never ±Infinity. Comparisons and `and`/`or`/`not`
 * give 1 (true) or 0 (false); a condition is true when it is non-zero.
 * A categorical column can only be compared with text: `region == "East"`.
 */
import { percentRanks } from '../../stats/rank';
import type { Table } from '../../core/table';
import { FormulaError } from './formula-error';
import { columnsOf, parseFormula, type BinaryOp, type FormulaNode } from './parser';
import { didYouMean } from './suggest';

/** A value during evaluation: one number for every row, or one per row. */
type Value = number | Float64Array;

/** A formula checked against a table. */
export interface CompiledFormula {
  source: string;
  node: FormulaNode;
  /** Columns it reads directly, in order of appearance. */
  columns: string[];
}

const finite = (v: number): number => (Number.isFinite(v) ? v : NaN);

const kernels: Record<BinaryOp, (x: number, y: number) => number> = {
  '+': (x, y) => x + y,
  '-': (x, y) => x - y,
  '*': (x, y) => x * y,
  '/': (x, y) => (y === 0 ? NaN : x / y),
  '^': (x, y) => x ** y,
  '<': (x, y) => (x < y ? 1 : 0),
  '<=': (x, y) => (x <= y ? 1 : 0),
  '>': (x, y) => (x > y ? 1 : 0),
  '>=': (x, y) => (x >= y ? 1 : 0),
  '==': (x, y) => (x === y ? 1 : 0),
  '!=': (x, y) => (x !== y ? 1 : 0),
  and: (x, y) => (x !== 0 && y !== 0 ? 1 : 0),
  or: (x, y) => (x !== 0 || y !== 0 ? 1 : 0),
};

function apply1(a: Value, f: (x: number) => number): Value {
  const g = (x: number) => (Number.isNaN(x) ? NaN : finite(f(x)));
  if (typeof a === 'number') return g(a);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = g(a[i]);
  return out;
}

function apply2(a: Value, b: Value, f: (x: number, y: number) => number): Value {
  const g = (x: number, y: number) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : finite(f(x, y)));
  if (typeof a === 'number' && typeof b === 'number') return g(a, b);
  const n = typeof a === 'number' ? (b as Float64Array).length : a.length;
  const out = new Float64Array(n);
  if (typeof a === 'number') for (let i = 0; i < n; i++) out[i] = g(a, (b as Float64Array)[i]);
  else if (typeof b === 'number') for (let i = 0; i < n; i++) out[i] = g(a[i], b);
  else for (let i = 0; i < n; i++) out[i] = g(a[i], b[i]);
  return out;
}

function toVector(v: Value, n: number): Float64Array {
  return typeof v === 'number' ? new Float64Array(n).fill(v) : v;
}

function zscore(x: Float64Array): Float64Array {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) {
    n++;
    sum += x[i];
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) ss += (x[i] - mean) ** 2;
  const std = Math.sqrt(ss / n);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = std > 0 ? (x[i] - mean) / std : NaN;
  return out;
}

/** The largest non-missing value of x (NaN when none), the same for every row. */
function columnMax(x: Float64Array): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i] > max) max = x[i];
  return new Float64Array(x.length).fill(max === -Infinity ? NaN : max);
}

/** Dates are stored as UTC epoch milliseconds. */
const msPerDay = 86_400_000;

function utcYear(ms: number): number {
  return Number.isFinite(ms) ? new Date(ms).getUTCFullYear() : NaN;
}

class Evaluator {
  constructor(
    private readonly table: Table,
    private readonly source: string,
  ) {}

  private fail(message: string, node: FormulaNode): never {
    throw new FormulaError(message, node.start, this.source);
  }

  private column(node: Extract<FormulaNode, { kind: 'column' }>) {
    const column = this.table.columns.find((c) => c.name === node.name);
    if (!column) {
      const names = this.table.columns.map((c) => c.name);
      this.fail(`Unknown column "${node.name}".${didYouMean(node.name, names)}`, node);
    }
    return column;
  }

  /** Checks every column reference and text use without computing anything. */
  check(node: FormulaNode): void {
    switch (node.kind) {
      case 'number':
        return;
      case 'string':
        return this.fail(`Text "${node.value}" can only be compared (== or !=) with a categorical column`, node);
      case 'column': {
        const c = this.column(node);
        if (c.storage === 'category') this.fail(`Column "${node.name}" is categorical; compare it with text, e.g. ${quoteName(node.name)} == "${c.dictionary[0] ?? 'value'}"`, node);
        return;
      }
      case 'unary':
        return this.check(node.operand);
      case 'call':
        return node.args.forEach((a) => this.check(a));
      case 'binary':
        if (this.categoryComparison(node)) return;
        this.check(node.left);
        this.check(node.right);
    }
  }

  /** For `cat == "text"` (either order): the column and the text; else null. */
  private categoryComparison(node: Extract<FormulaNode, { kind: 'binary' }>) {
    if (node.op !== '==' && node.op !== '!=') return null;
    const [col, text] = node.left.kind === 'string' ? [node.right, node.left] : [node.left, node.right];
    if (col.kind !== 'column' || text.kind !== 'string') return null;
    const column = this.column(col);
    if (column.storage !== 'category') this.fail(`Column "${col.name}" is numeric; compare it with a number, not text`, text);
    return { column, text: text.value };
  }

  evaluate(node: FormulaNode): Value {
    switch (node.kind) {
      case 'number':
        return node.value;
      case 'string':
        return this.fail(`Text "${node.value}" can only be compared (== or !=) with a categorical column`, node);
      case 'column': {
        const c = this.column(node);
        if (c.storage === 'category') return this.fail(`Column "${node.name}" is categorical; compare it with text`, node);
        return c.values;
      }
      case 'unary': {
        const v = this.evaluate(node.operand);
        if (node.op === '-') return apply1(v, (x) => -x);
        if (node.op === '+') return apply1(v, (x) => x);
        return apply1(v, (x) => (x === 0 ? 1 : 0));
      }
      case 'binary': {
        const cat = this.categoryComparison(node);
        if (cat) {
          const code = cat.column.dictionary.indexOf(cat.text);
          const eq = node.op === '==' ? 1 : 0;
          const out = new Float64Array(this.table.rowCount);
          const codes = cat.column.codes;
          for (let i = 0; i < out.length; i++) out[i] = codes[i] < 0 ? NaN : codes[i] === code ? eq : 1 - eq;
          return out;
        }
        return apply2(this.evaluate(node.left), this.evaluate(node.right), kernels[node.op]);
      }
      case 'call':
        return this.call(node);
    }
  }

  private call(node: Extract<FormulaNode, { kind: 'call' }>): Value {
    const args = node.args.map((a) => this.evaluate(a));
    const n = this.table.rowCount;
    switch (node.name) {
      case 'log':
        return apply1(args[0], (x) => (x > 0 ? Math.log(x) : NaN));
      case 'sqrt':
        return apply1(args[0], (x) => (x >= 0 ? Math.sqrt(x) : NaN));
      case 'abs':
        return apply1(args[0], Math.abs);
      case 'min':
        return args.reduce((a, b) => apply2(a, b, Math.min));
      case 'max':
        return args.reduce((a, b) => apply2(a, b, Math.max));
      case 'percentile':
        return percentRanks(toVector(args[0], n));
      case 'zscore':
        return zscore(toVector(args[0], n));
      case 'colmax':
        return columnMax(toVector(args[0], n));
      case 'year':
        return apply1(args[0], utcYear);
      case 'days':
        return apply1(args[0], (x) => x / msPerDay);
      case 'if': {
        const [c, a, b] = args;
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const ci = typeof c === 'number' ? c : c[i];
          out[i] = Number.isNaN(ci) ? NaN : ci !== 0 ? (typeof a === 'number' ? a : a[i]) : typeof b === 'number' ? b : b[i];
        }
        return out;
      }
      default:
        return this.fail(`Unknown function "${node.name}"`, node);
    }
  }
}

/** `name`, or `` `name` `` when it is not a bare identifier. */
export function quoteName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !['and', 'or', 'not'].includes(name) ? name : `\`${name}\``;
}

/** Parses `source` and checks its columns against `table`; throws FormulaError with a caret. */
export function compileFormula(source: string, table: Table): CompiledFormula {
  const node = parseFormula(source);
  new Evaluator(table, source).check(node);
  return { source, node, columns: columnsOf(node) };
}

/** The formula's value for every row of `table` (NaN = missing), always a new array. */
export function evaluateFormula(source: string, table: Table): Float64Array {
  const { node } = compileFormula(source, table);
  const v = new Evaluator(table, source).evaluate(node);
  if (typeof v === 'number') return new Float64Array(table.rowCount).fill(v);
  // A formula that is just a column name evaluates to the stored array itself: copy it.
  return node.kind === 'column' ? Float64Array.from(v) : v;
}
