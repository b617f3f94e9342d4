/**
 * Findings about one column at a time, each with its threshold: missing values, constant and
 * near-constant columns, class imbalance, all-unique whole numbers, high cardinality, rare levels,
 * infinite values, zeros, negative amounts, skew and outliers. One pass (and one sort) a column,
 * so a file of thousands of columns is checked in linear time.
 */
import { booleanText, type CategoryColumn, type Column, type NumberColumn } from '../core/table';
import { momentsOf } from '../stats/moments';
import { quantileSorted } from '../stats/quantile';
import { categoryFacts, numberFacts, type NumberFacts } from './column-facts';
import { percentText, type Finding, type FindingsOptions } from './finding';
import { count, list, pct, plural, valueText } from './wording';

/** What every column check knows besides its column. */
export interface ColumnContext {
  rowCount: number;
  /** The target column's name, or null. */
  target: string | null;
  /** Is the column an identifier (left out of all but the missing and id-like checks)? */
  isId: boolean;
  options: FindingsOptions;
}

/** Words of a column name that say money: purchase_amount, MntWines, TotalCharges, unit_price… */
const amountWords = new Set([
  'amount', 'amounts', 'amt', 'spend', 'spending', 'spent', 'price', 'prices', 'revenue', 'revenues', 'sales', 'sale', 'charge', 'charges',
  'payment', 'payments', 'paid', 'cost', 'costs', 'mnt', 'monetary', 'income', 'salary', 'fee', 'fees', 'gmv', 'turnover', 'total', 'balance', 'profit',
]);

/** Is `name` named like an amount of money (a word such as amount, spend, price, charges, revenue, Mnt…)? */
export function isAmountName(name: string): boolean {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .some((w) => amountWords.has(w.toLowerCase()));
}

/** Cells that mean an infinite number: inf, -Infinity, 1e400… */
function isInfiniteToken(text: string): boolean {
  const t = text.trim();
  return /^[+-]?(inf|infinity)$/i.test(t) || Math.abs(Number(t)) === Infinity;
}

const usable = (c: Column) => c.role !== 'ignore' && c.role !== 'id' && c.type !== 'id' && c.type !== 'text';

function missingFinding(c: Column, present: number, x: ColumnContext): Finding[] {
  const n = x.rowCount;
  const missing = n - present;
  if (missing === 0) return [];
  const o = x.options;
  return [
    {
      id: `missing:${c.name}`,
      severity: missing / n > o.missingWarningShare ? 'warning' : 'info',
      sentence: `${c.name} has ${plural(missing, 'missing value')} (${pct(missing, n)} of rows).`,
      meaning:
        missing === n
          ? 'The column is empty and is left out of models.'
          : 'Models need complete rows: missing values are imputed (median for numbers, most frequent level for categories) inside each training fold, or the rows are dropped.',
      threshold: `any missing value; a warning above ${percentText(o.missingWarningShare)} of rows`,
      columns: [c.name],
    },
  ];
}

function constantFinding(c: Column): Finding {
  return {
    id: `constant:${c.name}`,
    severity: 'warning',
    sentence: `${c.name} has the same value in every row.`,
    meaning: 'A constant column carries no information; leave it out of models (it is skipped in correlations).',
    threshold: 'one value in every row that has a value',
    columns: [c.name],
  };
}

/** Imbalanced: the smaller of two classes (or the target's smallest class) under the threshold. */
function imbalanceFinding(c: Column, texts: readonly string[], counts: readonly number[], present: number, x: ColumnContext): Finding[] {
  const o = x.options;
  let low = 0;
  for (let i = 1; i < counts.length; i++) if (counts[i] < counts[low]) low = i;
  if (counts.length < 2 || counts[low] / present >= o.minorityShare) return [];
  const isTarget = c.name === x.target;
  const label = texts[low];
  const share = `${count(counts[low])} of ${count(present)} rows (${pct(counts[low], present)}), under ${percentText(o.minorityShare)}`;
  return [
    {
      id: `imbalance:${c.name}`,
      severity: isTarget ? 'warning' : 'info',
      sentence:
        counts.length === 2
          ? `${isTarget ? 'The target ' : ''}${c.name} is imbalanced: ${c.name} = ${label} in only ${share}.`
          : `The target ${c.name} is imbalanced: its smallest class ${label} has ${share}.`,
      meaning: isTarget
        ? `Accuracy flatters a model that never predicts ${label}: judge it by recall, precision or PR AUC, keep the share in every fold (stratified folds) and consider class weights.`
        : `So few rows with ${label} carry little information, and some folds may hold none of them.`,
      threshold: `the smaller class under ${percentText(o.minorityShare)} of the rows with a value (a two-valued column, or the target)`,
      columns: [c.name],
    },
  ];
}

/** Near-constant: one value (of three or more) in at least the threshold share. */
function nearConstantFinding(c: Column, text: string, top: number, present: number, x: ColumnContext): Finding[] {
  const o = x.options;
  if (top / present < o.nearConstantShare) return [];
  return [
    {
      id: `near-constant:${c.name}`,
      severity: 'warning',
      sentence: `${c.name} is nearly constant: ${text} in ${count(top)} of ${count(present)} rows (${pct(top, present)}), at least ${percentText(o.nearConstantShare)}.`,
      meaning: 'Almost every customer has the same value, so the column says little and its rare values may be missing from whole folds; leave it out or turn the rare values into a flag.',
      threshold: `one value in at least ${percentText(o.nearConstantShare)} of the rows with a value (three or more values)`,
      columns: [c.name],
    },
  ];
}

function categoryFindings(c: CategoryColumn, x: ColumnContext): Finding[] {
  const o = x.options;
  const f = categoryFacts(c);
  const out = missingFinding(c, f.present, x);
  if (x.isId) return out;
  if (f.present > 0 && f.distinct === 1) return [...out, constantFinding(c)];
  if (!usable(c)) return out;
  const codes = Array.from(f.counts, (_, i) => i).filter((i) => f.counts[i] > 0);
  if (f.distinct === 2 || (c.name === x.target && f.distinct <= o.maxLevels)) {
    out.push(...imbalanceFinding(c, codes.map((i) => c.dictionary[i]), codes.map((i) => f.counts[i]), f.present, x));
  } else if (f.distinct <= o.maxLevels) out.push(...nearConstantFinding(c, c.dictionary[f.mode], f.counts[f.mode], f.present, x));
  if (f.distinct > o.maxLevels && c.type === 'categorical') {
    out.push({
      id: `high-cardinality:${c.name}`,
      severity: 'warning',
      sentence: `${c.name} has ${count(f.distinct)} levels, over ${o.maxLevels}.`,
      meaning: 'Too many levels for bar charts, box plots or one-hot encoding (each level becomes a column); group the rare levels, or set its type to id or text if it names single customers.',
      threshold: `more than ${o.maxLevels} levels`,
      columns: [c.name],
    });
  }
  if (f.distinct > 2 && f.distinct <= o.maxLevels) {
    const rare: string[] = [];
    for (const i of Array.from(f.counts, (_, j) => j).sort((a, b) => f.counts[b] - f.counts[a] || a - b)) {
      const k = f.counts[i];
      if (k > 0 && k < o.rareCount && k / f.present < o.rareShare) rare.push(`${c.dictionary[i]} has ${count(k)} of ${count(f.present)} rows (${pct(k, f.present)})`);
    }
    if (rare.length) {
      const shown = rare.length > 4 ? [...rare.slice(0, 3), `${rare.length - 3} more levels are as small`] : rare;
      out.push({
        id: `rare-category:${c.name}`,
        severity: 'warning',
        sentence: `In ${c.name}, ${list(shown)}, too few to trust.`,
        meaning: 'Estimates for so few customers are noise: merge them into a larger level or "Other", and expect stratified folds to hold one or two of them at most.',
        threshold: `a level under ${percentText(o.rareShare)} of rows and under ${o.rareCount} rows`,
        columns: [c.name],
      });
    }
  }
  const infinite = c.dictionary.filter(isInfiniteToken);
  if (infinite.length && c.dictionary.every((d, i) => f.counts[i] === 0 || isInfiniteToken(d) || Number.isFinite(Number(d.trim())))) {
    let k = 0;
    c.dictionary.forEach((d, i) => (k += isInfiniteToken(d) ? f.counts[i] : 0));
    out.push({
      id: `infinite:${c.name}`,
      severity: 'warning',
      sentence: `${c.name} holds numbers, but ${plural(k, 'cell is', 'cells are')} infinite (${list(infinite.slice(0, 3))}), so it was read as categories.`,
      meaning: 'As categories it has no histogram, correlation or numeric role in models; replace the infinite cells in the file (empty, or a cap) and load it again.',
      threshold: 'any infinite value (inf, -Infinity, 1e400…)',
      columns: [c.name],
    });
  }
  return out;
}

function numericFindings(c: NumberColumn, f: NumberFacts, x: ColumnContext): Finding[] {
  const o = x.options;
  const out: Finding[] = [];
  const infinite = f.positiveInfinite + f.negativeInfinite;
  if (infinite) {
    const parts = [f.positiveInfinite ? `${count(f.positiveInfinite)} +∞` : '', f.negativeInfinite ? `${count(f.negativeInfinite)} −∞` : ''].filter(Boolean);
    out.push({
      id: `infinite:${c.name}`,
      severity: 'warning',
      sentence: `${c.name} has ${plural(infinite, 'infinite value')} (${list(parts)}).`,
      meaning: 'Statistics and models cannot use infinite values (they are left out of the skew, outliers and charts here); replace them where they were computed, e.g. a division by zero, with a missing value or a cap.',
      threshold: 'any infinite value',
      columns: [c.name],
    });
  }
  if (f.allIntegers && f.present >= o.minRowsAllUnique && f.distinct === f.present && !infinite) {
    out.push({
      id: `all-unique:${c.name}`,
      severity: 'info',
      sentence: `${c.name} has a different whole number in each of its ${count(f.present)} rows.`,
      meaning: 'Whole numbers that never repeat are often codes or ids (order or phone numbers) rather than quantities; if so, set its role to id so no model memorises them.',
      threshold: `whole numbers, all different, in ${o.minRowsAllUnique} or more rows`,
      columns: [c.name],
    });
  }
  const finite = f.sorted.length;
  const nearZero = f.mode === 0 && f.modeCount / f.present >= o.nearConstantShare;
  if (f.distinct >= 3 && f.zeros > 0 && f.zeros / f.present >= o.zeroShare && !nearZero) {
    out.push({
      id: `zeros:${c.name}`,
      severity: 'info',
      sentence: `${c.name} is 0 in ${count(f.zeros)} of ${count(f.present)} rows (${pct(f.zeros, f.present)}), at least ${percentText(o.zeroShare)}.`,
      meaning: 'Zero-inflated: one distribution describes it badly, and means and medians sit near 0. Consider a flag for "any" next to the amount where it is positive.',
      threshold: `0 in at least ${percentText(o.zeroShare)} of the rows with a value`,
      columns: [c.name],
    });
  }
  if (f.negatives > 0 && f.negatives < f.present / 2 && isAmountName(c.name)) {
    out.push({
      id: `negative:${c.name}`,
      severity: 'info',
      sentence: `${c.name} has ${plural(f.negatives, 'negative value')} (${pct(f.negatives, f.present)}, as low as ${finite ? valueText(c, f.sorted[0]) : '−∞'}): returns, refunds or corrections?`,
      meaning: 'Decide what they are before modelling spend: net them against purchases, keep them as their own feature (returns), or drop them; a log scale cannot show them.',
      threshold: 'any negative value in a column named like an amount (amount, spend, price, charges, revenue, Mnt…), fewer than half its values',
      columns: [c.name],
    });
  }
  if (finite < 3 || f.sorted[0] === f.sorted[finite - 1]) return out;
  const m = momentsOf(f.sorted);
  if (Math.abs(m.skewness) >= o.strongSkew) {
    const side = m.skewness > 0 ? 'right' : 'left';
    const fix = m.skewness > 0 && m.min > 0 ? ` or log(${c.name})` : '';
    out.push({
      id: `skew:${c.name}`,
      severity: 'info',
      sentence: `${c.name} is strongly ${side}-skewed (skewness ${m.skewness.toFixed(2)}).`,
      meaning: `Means and linear models are pulled by the long tail; consider a rank (percentile(${c.name}))${fix} in the formula editor, prefer medians in summaries, and try the histogram's log scale.`,
      threshold: `|skewness| ≥ ${o.strongSkew} (adjusted Fisher–Pearson, as pandas)`,
      columns: [c.name],
    });
  }
  const q1 = quantileSorted(f.sorted, 0.25);
  const q3 = quantileSorted(f.sorted, 0.75);
  const lo = q1 - 1.5 * (q3 - q1);
  const hi = q3 + 1.5 * (q3 - q1);
  let k = 0;
  for (let i = 0; i < finite && f.sorted[i] < lo; i++) k++;
  for (let i = finite - 1; i >= 0 && f.sorted[i] > hi; i--) k++;
  if (k > 0) {
    const fmt = (v: number) => String(+v.toPrecision(4));
    out.push({
      id: `outliers:${c.name}`,
      severity: 'info',
      sentence: `${c.name} has ${plural(k, 'outlier')} by the 1.5 × IQR rule (${pct(k, finite)}, outside ${fmt(lo)} to ${fmt(hi)}).`,
      meaning: 'Check that they are real; tree models are robust to them, but linear models and K-Means are pulled toward them.',
      threshold: 'beyond 1.5 × IQR below the first or above the third quartile (Tukey)',
      columns: [c.name],
    });
  }
  return out;
}

/** Every single-column finding about `c` (see the module comment), in a fixed order. */
export function columnFindings(c: Column, x: ColumnContext): Finding[] {
  if (c.role === 'ignore') return [];
  if (c.storage === 'category') return categoryFindings(c, x);
  const f = numberFacts(c.values);
  const out = missingFinding(c, f.present, x);
  if (x.isId) return out;
  if (f.present > 0 && f.distinct === 1) return [...out, constantFinding(c)];
  if (!usable(c) || c.type === 'date') return out;
  if (c.type === 'boolean') return [...out, ...imbalanceFinding(c, [booleanText(c, 0), booleanText(c, 1)], [f.zeros, f.present - f.zeros], f.present, x)];
  if (f.distinct === 2) {
    const other = f.sorted[0] === f.mode ? f.sorted[f.sorted.length - 1] : f.sorted[0];
    out.push(...imbalanceFinding(c, [valueText(c, f.mode), valueText(c, other)], [f.modeCount, f.present - f.modeCount], f.present, x));
  } else if (f.distinct > 2) out.push(...nearConstantFinding(c, valueText(c, f.mode), f.modeCount, f.present, x));
  return [...out, ...numericFindings(c, f, x)];
}
