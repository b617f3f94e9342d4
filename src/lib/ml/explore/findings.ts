/**
 * Findings: what the data says that matters for modelling, in plain sentences with their numbers
 * and the threshold that raised each: ids offered as features, collinearity and strong
 * associations (on a bounded set of columns), duplicate rows, and the single-column findings of
 * column-findings.ts. Generated from the data only. On a wide file, findings of one kind beyond
 * the first ten are summed up in one.
 */
import type { Column, NumberColumn, Table } from '../core/table';
import { idLikeReason, isIdLike } from '../data/ids';
import { correlationMatrix } from '../stats/correlation';
import { countDistinct } from '../stats/distinct';
import { duplicateRows } from '../stats/duplicate-rows';
import { varianceInflation } from '../stats/vif';
import { associationMatrix, measureOf, measureSymbol, type AssociationMatrix } from './association-matrix';
import { columnFindings } from './column-findings';
import { comparableColumnsOf } from './columns';
import { defaultFindingsOptions, percentText, type Finding, type FindingSeverity, type FindingsOptions } from './finding';
import { chooseColumns } from './selection';
import { count, countWord, list, pct } from './wording';

export { isIdLike } from '../data/ids';
export { defaultFindingsOptions, type Finding, type FindingSeverity, type FindingsOptions } from './finding';

const severityOrder: Record<FindingSeverity, number> = { critical: 0, warning: 1, info: 2 };

const usable = (c: Column) => c.role !== 'ignore' && c.role !== 'id' && c.type !== 'id' && c.type !== 'text';

/** What the caller has computed already (the Explore summary's association matrix of the compared columns). */
export interface FindingsContext {
  associations?: AssociationMatrix;
}

function collinearityFindings(numeric: NumberColumn[], o: FindingsOptions, bounded: boolean): Finding[] {
  if (numeric.length < 2) return [];
  const m = correlationMatrix(numeric, 'pearson');
  const k = numeric.length;
  let minAbs = Infinity;
  const strong: { a: string; b: string; r: number }[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const r = m.values[i * k + j];
      const a = Number.isNaN(r) ? 0 : Math.abs(r);
      minAbs = Math.min(minAbs, a);
      if (a >= o.strongCorrelation) strong.push({ a: numeric[i].name, b: numeric[j].name, r });
    }
  }
  const vifs = varianceInflation(numeric).filter((v) => !Number.isNaN(v.vif));
  const high = vifs.filter((v) => v.vif >= o.highVif);
  const fmtVif = (v: number) => (v === Infinity ? 'infinite' : v >= 10 ? String(Math.round(v)) : v.toFixed(1));
  const names = numeric.map((c) => c.name);
  const meaning =
    'Linear coefficients will be unstable and importances are shared among these columns: read them as a group, prefer ridge over plain linear regression, or keep one representative.';
  const rThreshold = `|r| ≥ ${o.strongCorrelation} (Pearson)${bounded ? ', among the compared columns' : ''}`;
  if (k >= 3 && minAbs >= o.strongCorrelation) {
    const lo = Math.min(...vifs.map((v) => v.vif));
    const hi = Math.max(...vifs.map((v) => v.vif));
    const vifPart = high.length === vifs.length && vifs.length ? ` and their VIFs run from about ${fmtVif(lo)} to ${fmtVif(hi)}` : '';
    const floor = Math.floor(minAbs * 100) / 100;
    return [
      {
        id: 'collinearity',
        severity: 'warning',
        sentence: `All ${countWord(k)} ${bounded ? 'compared ' : ''}numeric columns correlate above ${floor.toFixed(2)}${vifPart}, so linear coefficients will be unstable and importances are shared.`,
        meaning,
        threshold: `every pair at ${rThreshold}`,
        columns: names,
      },
    ];
  }
  const out: Finding[] = [];
  if (strong.length) {
    strong.sort((p, q) => Math.abs(q.r) - Math.abs(p.r));
    const shown = strong.slice(0, 3).map((p) => `${p.a} and ${p.b} (r = ${p.r.toFixed(2)})`);
    const more = strong.length > 3 ? ` and ${count(strong.length - 3)} more pair${strong.length - 3 > 1 ? 's' : ''}` : '';
    out.push({
      id: 'strong-correlation',
      severity: 'warning',
      sentence: `${count(strong.length)} pair${strong.length > 1 ? 's' : ''} of numeric columns correlate at |r| ≥ ${o.strongCorrelation}: ${list(shown)}${more}.`,
      meaning,
      threshold: rThreshold,
      columns: [...new Set(strong.flatMap((p) => [p.a, p.b]))],
    });
  }
  if (high.length) {
    high.sort((p, q) => q.vif - p.vif);
    out.push({
      id: 'high-vif',
      severity: 'warning',
      sentence: `${count(high.length)} numeric column${high.length > 1 ? 's have' : ' has'} a VIF of ${o.highVif} or more: ${list(high.slice(0, 5).map((v) => `${v.name} (${fmtVif(v.vif)})`))}.`,
      meaning: 'Each is largely a linear combination of the others, so its coefficient and importance cannot be read on its own.',
      threshold: `VIF = 1/(1 − R²) ≥ ${o.highVif}${bounded ? ', among the compared columns' : ''}`,
      columns: high.map((v) => v.name),
    });
  }
  return out;
}

/** Pairs with a categorical side whose η or Cramér's V reaches the threshold. */
function associationFindings(matrix: AssociationMatrix, o: FindingsOptions): Finding[] {
  const k = matrix.names.length;
  const strong: { a: string; b: string; v: number; symbol: string }[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      if (matrix.kinds[i] === 'number' && matrix.kinds[j] === 'number') continue;
      const v = matrix.values[i * k + j];
      if (v >= o.strongAssociation) strong.push({ a: matrix.names[i], b: matrix.names[j], v, symbol: measureSymbol[measureOf(matrix, i, j)] });
    }
  }
  if (!strong.length) return [];
  strong.sort((p, q) => q.v - p.v);
  const shown = strong.slice(0, 3).map((p) => `${p.a} and ${p.b} (${p.symbol} = ${p.v.toFixed(2)})`);
  const more = strong.length > 3 ? ` and ${count(strong.length - 3)} more` : '';
  return [
    {
      id: 'strong-association',
      severity: 'warning',
      sentence: `${count(strong.length)} pair${strong.length > 1 ? 's' : ''} with a categorical column ${strong.length > 1 ? 'are' : 'is'} strongly associated: ${list(shown)}${more}.`,
      meaning: 'One nearly determines the other, so they carry the same information: importances are shared between them, and one may be a relabelling or a leak of the other.',
      threshold: `η (categorical–number) or Cramér's V (categorical–categorical) ≥ ${o.strongAssociation}`,
      columns: [...new Set(strong.flatMap((p) => [p.a, p.b]))],
    },
  ];
}

function duplicateFinding(table: Table, idLike: Column[], o: FindingsOptions): Finding[] {
  const n = table.rowCount;
  const duplicates = duplicateRows(table, { exclude: idLike.map((c) => c.name) });
  const repeated = n - duplicates.distinct;
  if (repeated === 0) return [];
  const ignoring = idLike.length ? ` (ignoring ${list(idLike.map((c) => c.name))})` : '';
  const rate = `${count(repeated)} of ${count(n)} rows (${pct(repeated, n)})`;
  const threshold = `any row equal to an earlier one on every compared column; above ${percentText(o.duplicateGroupingShare)} of rows cross-validation keeps identical rows in one fold`;
  if (repeated / n > o.duplicateGroupingShare) {
    return [
      {
        id: 'duplicates',
        severity: duplicates.distinct <= n / 2 ? 'critical' : 'warning',
        sentence: `Only ${count(duplicates.distinct)} of ${count(n)} rows are distinct${ignoring}, so cross-validation must keep identical rows together; the largest group has ${count(duplicates.largest)} identical rows.`,
        meaning: `${rate} repeat an earlier row. With shuffled folds almost every test row has a twin in training, so flexible models look near-perfect; use grouped folds (duplicate groups) for honest scores.`,
        threshold,
        columns: duplicates.compared,
      },
    ];
  }
  return [
    {
      id: 'duplicates',
      severity: 'info',
      sentence: `${rate} repeat an earlier row exactly${ignoring}; the largest group has ${count(duplicates.largest)} identical rows.`,
      meaning: 'Few enough that cross-validation shuffles folds as usual; check whether they are the same customer entered twice (then drop the copies) or genuinely alike.',
      threshold,
      columns: duplicates.compared,
    },
  ];
}

/** The first `max` findings of each per-column kind; the rest of a kind summed up in one finding (id `kind+more`). */
function capPerKind(findings: Finding[], max: number): Finding[] {
  const byKind = new Map<string, Finding[]>();
  for (const f of findings) {
    const colon = f.id.indexOf(':');
    if (colon < 0) continue;
    const kind = f.id.slice(0, colon);
    const list = byKind.get(kind);
    if (list) list.push(f);
    else byKind.set(kind, [f]);
  }
  const dropped = new Set<Finding>();
  const summaries = new Map<Finding, Finding>();
  for (const [kind, all] of byKind) {
    if (all.length <= max) continue;
    const rest = all.slice(max);
    for (const f of rest) dropped.add(f);
    const names = rest.flatMap((f) => f.columns);
    const severity = rest.reduce<FindingSeverity>((s, f) => (severityOrder[f.severity] < severityOrder[s] ? f.severity : s), 'info');
    summaries.set(all[max - 1], {
      id: `${kind}+more`,
      severity,
      sentence: `${count(rest.length)} more columns have a finding of the same kind as ${all[0].columns[0]}'s: ${list([...names.slice(0, 5), ...(names.length > 5 ? [`${count(names.length - 5)} more`] : [])])}.`,
      meaning: all[0].meaning,
      threshold: all[0].threshold,
      columns: names,
    });
  }
  return findings.flatMap((f) => (dropped.has(f) ? [] : summaries.has(f) ? [f, summaries.get(f)!] : [f]));
}

/**
 * Every finding about `table`, most severe first.
 * @param options thresholds (defaults in {@link defaultFindingsOptions}), the target and the compared columns
 * @param context results the caller has already (the association matrix of the compared columns)
 */
export function findFindings(table: Table, options: Partial<FindingsOptions> = {}, context: FindingsContext = {}): Finding[] {
  const o = { ...defaultFindingsOptions, ...options };
  const n = table.rowCount;
  if (n === 0) {
    return [{ id: 'empty', severity: 'critical', sentence: 'The table has no rows.', meaning: 'Nothing can be explored or modelled.', threshold: 'no rows', columns: [] }];
  }
  const out: Finding[] = [];
  const idLike = table.columns.filter(isIdLike);
  const idNames = new Set(idLike.map((c) => c.name));

  for (const c of idLike) {
    if (c.role !== 'feature' || c.type === 'id') continue;
    out.push({
      id: `id-like:${c.name}`,
      severity: 'warning',
      sentence: `${c.name} looks like an identifier (${count(countDistinct(c))} distinct values in ${count(n)} rows) but is offered as a feature.`,
      meaning: `A model can memorise ids without learning anything that carries over to new customers (here ${idLikeReason(c)}); set its role to id.`,
      threshold: 'unique text per row, unique whole numbers in a run or equal steps, or an id-like name with at least 95 % unique values; role feature',
      columns: [c.name],
    });
  }

  const target = o.target ?? table.columns.find((c) => c.role === 'target')?.name ?? null;
  const compared = new Set(o.compared ?? chooseColumns(table, { target }).names);
  const numericTotal = table.columns.filter((c) => c.storage === 'number' && c.type === 'numeric' && usable(c) && !idNames.has(c.name)).length;
  const numeric = table.columns.filter(
    (c): c is NumberColumn => c.storage === 'number' && c.type === 'numeric' && usable(c) && !idNames.has(c.name) && compared.has(c.name),
  );
  out.push(...collinearityFindings(numeric.filter((c) => countDistinct(c) > 1), o, numeric.length < numericTotal));
  const pairwise = comparableColumnsOf(table).filter((c) => compared.has(c.name) && !idNames.has(c.name));
  if (pairwise.some((c) => c.storage === 'category')) {
    const names = pairwise.map((c) => c.name);
    const given = context.associations;
    const matrix = given && given.names.length === names.length && given.names.every((x, i) => x === names[i]) ? given : associationMatrix(pairwise);
    out.push(...associationFindings(matrix, o));
  }

  out.push(...duplicateFinding(table, idLike, o));

  const perColumn: Finding[] = [];
  for (const c of table.columns) perColumn.push(...columnFindings(c, { rowCount: n, target, isId: idNames.has(c.name), options: o }));
  out.push(...capPerKind(perColumn, o.maxPerKind));

  return out
    .map((f, i) => ({ f, i }))
    .sort((a, b) => severityOrder[a.f.severity] - severityOrder[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}
