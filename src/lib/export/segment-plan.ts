/**
 * What an exported script needs of a Segments run: the file, the clustered columns (numeric ones
 * scaled, categorical and yes/no ones with their levels, shares and multiplier of the weight rule),
 * the k range, restarts and seed, and the k shown. The encoding is made by the same code as the run
 * (buildClusteringMatrix), so the script clusters the same matrix.
 */
import { getColumn, type Table } from '../ml/core/table';
import type { DerivedFormula } from '../ml/features/derived-columns';
import { columnsOf, parseFormula } from '../ml/features/formula/parser';
import type { CategoricalEncoding } from '../ml/segments/categorical-encoding';
import { buildClusteringMatrix } from '../ml/segments/clustering-matrix';
import type { ScaleMethod } from '../ml/segments/scale';
import type { SegmentationConfig } from '../ml/segments/segmentation';
import { derivedNeeded, type BooleanColumn, type ExportSource } from './export-plan';

/** A Segments run, ready to be written as code. */
export interface SegmentExportPlan {
  kind: 'segments';
  source: ExportSource;
  seed: number;
  /** Numeric columns, scaled (dates as epoch milliseconds, as the app clusters them). */
  numeric: string[];
  dates: string[];
  scale: ScaleMethod;
  /** Categorical and yes/no columns after the numeric ones, as the run encoded them. */
  encodings: Pick<CategoricalEncoding, 'column' | 'kind' | 'levels' | 'shares' | 'grouped' | 'scale'>[];
  kMin: number;
  kMax: number;
  /** The k whose segments the app showed. */
  k: number;
  nInit: number;
  booleans: BooleanColumn[];
  textColumns: string[];
  derived: DerivedFormula[];
  /** Rows the run clustered (those with every chosen column). */
  rows: number;
  /** The app's own scores at `k` (silhouette, inertia). */
  reference: Record<string, number>;
}

/** Options of a segments export. */
export interface SegmentExportOptions {
  source: ExportSource;
  derived?: readonly DerivedFormula[];
  reference?: Record<string, number>;
}

/** The export plan of a segmentation of `table` with `config` (its seed included), showing `k`. */
export function planSegmentExport(table: Table, config: SegmentationConfig, k: number, options: SegmentExportOptions): SegmentExportPlan {
  const matrix = buildClusteringMatrix(table, config.features, { scale: config.scale, ...(config.categoricalWeight === undefined ? {} : { categoricalWeight: config.categoricalWeight }) });
  const derived = derivedNeeded(config.features, options.derived ?? []);
  const derivedNames = new Set(derived.map((d) => d.name));
  const reads = [...new Set([...config.features, ...derived.flatMap((d) => columnsOf(parseFormula(d.formula)))])].filter((c) => !derivedNames.has(c));
  const booleans = reads.flatMap((name): BooleanColumn[] => {
    const column = table.columns.find((c) => c.name === name);
    return column?.storage === 'number' && column.type === 'boolean' ? [{ column: name, words: [column.labels?.[0] ?? 'false', column.labels?.[1] ?? 'true'] }] : [];
  });
  return {
    kind: 'segments',
    source: options.source,
    seed: config.seed,
    numeric: matrix.numeric,
    dates: matrix.numeric.filter((name) => getColumn(table, name).type === 'date'),
    scale: config.scale,
    encodings: matrix.encodings.map(({ column, kind, levels, shares, grouped, scale }) => ({ column, kind, levels, shares, grouped, scale })),
    kMin: config.kMin,
    kMax: Math.min(config.kMax, matrix.n - 1),
    k,
    nInit: config.nInit,
    booleans,
    textColumns: matrix.encodings.filter((e) => e.kind === 'onehot' && getColumn(table, e.column).storage === 'number').map((e) => e.column),
    derived,
    rows: matrix.n,
    reference: options.reference ?? {},
  };
}
