/** The functions a formula may call, with their arities and one-line help. */

/** A built-in function's signature. */
export interface FormulaFunction {
  /** Fewest and most arguments (Infinity = any number). */
  minArgs: number;
  maxArgs: number;
  /** Shown in the editor's help. */
  help: string;
}

/** Built-in functions by name. */
export const formulaFunctions: Readonly<Record<string, FormulaFunction>> = {
  log: { minArgs: 1, maxArgs: 1, help: 'log(x): natural logarithm; missing when x ≤ 0' },
  sqrt: { minArgs: 1, maxArgs: 1, help: 'sqrt(x): square root; missing when x < 0' },
  abs: { minArgs: 1, maxArgs: 1, help: 'abs(x): absolute value' },
  min: { minArgs: 2, maxArgs: Infinity, help: 'min(a, b, …): smallest, row by row' },
  max: { minArgs: 2, maxArgs: Infinity, help: 'max(a, b, …): largest, row by row' },
  if: { minArgs: 3, maxArgs: 3, help: 'if(condition, a, b): a where the condition is true (non-zero), else b' },
  percentile: { minArgs: 1, maxArgs: 1, help: 'percentile(x): percent rank of x over all rows, 0–100 (ties averaged)' },
  zscore: { minArgs: 1, maxArgs: 1, help: 'zscore(x): (x − mean) / std over all rows (population std)' },
  colmax: { minArgs: 1, maxArgs: 1, help: 'colmax(x): the largest value of x over all rows (e.g. the latest date)' },
  year: { minArgs: 1, maxArgs: 1, help: 'year(date): the calendar year of a date column' },
  days: { minArgs: 1, maxArgs: 1, help: 'days(date): a date as a number of days (since 1970-01-01), so dates can be subtracted' },
};

/** Names of the built-in functions. */
export const formulaFunctionNames: readonly string[] = Object.keys(formulaFunctions);
