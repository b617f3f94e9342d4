/**
 * Our formula language written as Python: pandas expressions for the scikit-learn script and
 * PySpark column expressions for the Spark one. The pandas helpers (`_num`, `_div`, `_cmp`…) keep our
 * rules: anything not finite (x / 0, log 0) is missing, and a missing input gives a missing output.
 * A function a dialect cannot write throws {@link UntranslatedFormula}; the script then says so.
 */
import { parseFormula, type FormulaNode } from '../ml/features/formula/parser';
import { pyNum, pyStr } from './python-literal';

/** A formula (or a function in it) that has no translation in a dialect. */
export class UntranslatedFormula extends Error {
  override name = 'UntranslatedFormula';
}

const pandasOps: Record<string, string> = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '==': 'eq', '!=': 'ne' };

/** The formula as a pandas expression over the DataFrame `df` (helpers from {@link pandasFormulaHelpers}). */
export function formulaToPandas(formula: string): string {
  return pandasOf(parseFormula(formula));
}

function pandasOf(node: FormulaNode): string {
  switch (node.kind) {
    case 'number':
      return pyNum(node.value);
    case 'string':
      return pyStr(node.value);
    case 'column':
      return `df[${pyStr(node.name)}]`;
    case 'unary':
      if (node.op === 'not') return `_not(${pandasOf(node.operand)})`;
      return node.op === '-' ? `(-_num(${pandasOf(node.operand)}))` : `_num(${pandasOf(node.operand)})`;
    case 'binary': {
      const [a, b] = [pandasOf(node.left), pandasOf(node.right)];
      if (node.op === '/') return `_div(${a}, ${b})`;
      if (node.op === '^') return `_finite(_num(${a}) ** _num(${b}))`;
      if (node.op === 'and' || node.op === 'or') return `_logic(${a}, ${b}, ${pyStr(node.op)})`;
      if (node.op in pandasOps) return `_cmp(${a}, ${b}, operator.${pandasOps[node.op]})`;
      return `_finite(_num(${a}) ${node.op} _num(${b}))`;
    }
    case 'call':
      return pandasCall(node.name, node.args.map(pandasOf));
  }
}

function pandasCall(name: string, args: string[]): string {
  const [x] = args;
  switch (name) {
    case 'log':
      return `np.log(_num(${x}).where(_num(${x}) > 0))`;
    case 'sqrt':
      return `np.sqrt(_num(${x}).where(_num(${x}) >= 0))`;
    case 'abs':
      return `_num(${x}).abs()`;
    case 'min':
    case 'max':
      return `pd.concat([${args.map((a) => `_num(${a})`).join(', ')}], axis=1).${name}(axis=1, skipna=False)`;
    case 'if':
      return `_if(${args.join(', ')})`;
    case 'percentile':
      // Ties averaged, as our percent rank (engineered.ts): pandas rank(pct=True) * 100.
      return `(_num(${x}).rank(pct=True) * 100)`;
    case 'zscore':
      return `_zscore(${x})`;
    case 'colmax':
      return `_num(_num(${x}).max())`;
    case 'year':
      return `_num(_dates(${x}).dt.year)`;
    case 'days':
      return `_days(${x})`;
    default:
      throw new UntranslatedFormula(`the function ${name}() has no pandas translation`);
  }
}

/** The helper functions the pandas translations call (emitted once, before the formulas). */
export const pandasFormulaHelpers: readonly string[] = [
  'def _num(x):',
  '    """A formula value as a float Series over the rows (a number becomes a constant column)."""',
  '    if np.isscalar(x):',
  '        return pd.Series(float(x), index=df.index)',
  '    return pd.to_numeric(x, errors="coerce").astype("float64")',
  '',
  '',
  'def _finite(x):',
  '    """Our rule: a value that is not finite (x / 0, overflow) is missing."""',
  '    return x.where(np.isfinite(x))',
  '',
  '',
  'def _div(a, b):',
  '    b = _num(b)',
  '    return _finite(_num(a) / b.where(b != 0))',
  '',
  '',
  'def _cmp(a, b, op):',
  '    """A comparison as 1.0 / 0.0, missing where either side is missing."""',
  '    a = a if isinstance(a, pd.Series) else pd.Series([a] * len(df), index=df.index)',
  '    b = b if isinstance(b, pd.Series) else pd.Series([b] * len(df), index=df.index)',
  '    return op(a, b).astype("float64").where(~(a.isna() | b.isna()))',
  '',
  '',
  'def _logic(a, b, how):',
  '    a, b = _num(a), _num(b)',
  '    value = ((a != 0) & (b != 0)) if how == "and" else ((a != 0) | (b != 0))',
  '    return value.astype("float64").where(~(a.isna() | b.isna()))',
  '',
  '',
  'def _not(a):',
  '    a = _num(a)',
  '    return (a == 0).astype("float64").where(~a.isna())',
  '',
  '',
  'def _if(condition, a, b):',
  '    condition = _num(condition)',
  '    return _num(a).where(condition != 0, _num(b)).where(~condition.isna())',
  '',
  '',
  'def _zscore(x):',
  '    x = _num(x)',
  '    std = x.std(ddof=0)',
  '    return (x - x.mean()) / std if std > 0 else x * np.nan',
  '',
  '',
  'def _dates(x):',
  '    return pd.to_datetime(x, errors="coerce", utc=True)',
  '',
  '',
  'def _days(x):',
  '    return (_dates(x) - pd.Timestamp(0, tz="UTC")) / pd.Timedelta(days=1)',
];

const sparkOps = new Set(['<', '<=', '>', '>=', '==', '!=']);

/** The formula as a PySpark column expression (`F` is pyspark.sql.functions, `W` a window over every row). */
export function formulaToSpark(formula: string): string {
  return sparkOf(parseFormula(formula));
}

function sparkOf(node: FormulaNode): string {
  switch (node.kind) {
    case 'number':
      return `F.lit(${pyNum(node.value)})`;
    case 'string':
      return `F.lit(${pyStr(node.value)})`;
    case 'column':
      return `F.col(${pyStr(node.name)})`;
    case 'unary':
      if (node.op === 'not') return `(${sparkOf(node.operand)} == 0).cast("double")`;
      return node.op === '-' ? `(-${sparkOf(node.operand)})` : sparkOf(node.operand);
    case 'binary': {
      const [a, b] = [sparkOf(node.left), sparkOf(node.right)];
      if (node.op === '/') return `F.when(${b} != 0, ${a} / ${b})`;
      if (node.op === '^') return `F.pow(${a}, ${b})`;
      if (node.op === 'and') return `((${a} != 0) & (${b} != 0)).cast("double")`;
      if (node.op === 'or') return `((${a} != 0) | (${b} != 0)).cast("double")`;
      if (sparkOps.has(node.op)) return `(${a} ${node.op} ${b}).cast("double")`;
      return `(${a} ${node.op} ${b})`;
    }
    case 'call':
      return sparkCall(node.name, node.args.map(sparkOf));
  }
}

function sparkCall(name: string, args: string[]): string {
  const [x] = args;
  switch (name) {
    case 'log':
      return `F.when(${x} > 0, F.log(${x}))`;
    case 'sqrt':
      return `F.when(${x} >= 0, F.sqrt(${x}))`;
    case 'abs':
      return `F.abs(${x})`;
    case 'min':
      return `F.least(${args.join(', ')})`;
    case 'max':
      return `F.greatest(${args.join(', ')})`;
    case 'if':
      return `F.when(${args[0]} != 0, ${args[1]}).otherwise(${args[2]})`;
    case 'zscore':
      return `((${x} - F.avg(${x}).over(W)) / F.stddev_pop(${x}).over(W))`;
    case 'colmax':
      return `F.max(${x}).over(W)`;
    case 'year':
      return `F.year(${x}).cast("double")`;
    case 'days':
      return `F.datediff(${x}, F.lit("1970-01-01")).cast("double")`;
    default:
      // percentile: Spark's percent_rank does not average ties as ours does.
      throw new UntranslatedFormula(`the function ${name}() has no PySpark translation`);
  }
}
