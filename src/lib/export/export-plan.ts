/**
 * What an exported script needs to know of a run, as plain data: the file, the label, each feature
 * with its encoding (levels spelt out), the formulas of added columns, the model with every option,
 * and the fold of every row. Made from the run's RunConfig and its table by the same code that ran it
 * (prepareCv draws the same folds), so the script repeats the run rather than an approximation of it.
 */
import { cellText, getColumn, type Column, type Table } from '../ml/core/table';
import { prepareCv, type PreparedCv } from '../ml/evaluation/cv/prepare';
import type { DerivedFormula } from '../ml/features/derived-columns';
import { columnsOf, parseFormula } from '../ml/features/formula/parser';
import { applyLabel, type LabelSpec } from '../ml/labels/label';
import type { LabelRule } from '../ml/labels/label-rules';
import { dropsReferenceLevel } from '../ml/models/linear/reference-level';
import { modelInfo } from '../ml/models/registry';
import { planCategoricals } from '../ml/preprocess/encoding-plan';
import type { RunConfigOf } from '../runs/run-config';
import { modelOptionsOf } from './model-options';

/** The file a script reads: its name and separator (null: let pandas sniff it). */
export interface ExportSource {
  fileName: string;
  separator: string | null;
}

/** How one feature column enters the model. */
export type FeatureExport =
  | { column: string; kind: 'numeric' }
  | { column: string; kind: 'date' }
  | { column: string; kind: 'boolean' }
  | { column: string; kind: 'categorical'; levels: string[]; hasOther: boolean; reference: string | null };

/** A yes/no column of the file and its words for 0 and 1. */
export interface BooleanColumn {
  column: string;
  words: [string, string];
}

/** The run's label: rules on columns, or a column of the file with its classes. */
export type LabelExport = { kind: 'rules'; rules: LabelRule[]; combine: 'and' | 'or'; name: string } | { kind: 'column'; column: string };

/** A cross-validation run of Predict or Risk, ready to be written as code. */
export interface ModelExportPlan {
  kind: 'model';
  page: 'predict' | 'risk';
  source: ExportSource;
  seed: number;
  task: 'regression' | 'classification';
  target: string;
  label: LabelExport | null;
  /** Classes in model order, as the script reads them (numbers for numeric and yes/no columns). */
  classes: (string | number)[] | null;
  positiveIndex: number | null;
  features: FeatureExport[];
  /** Yes/no columns the script turns into 0/1 (features, label columns, formula inputs). */
  booleans: BooleanColumn[];
  /** Columns that are numbers in our table but categories in the model (their cells are written as text). */
  textColumns: string[];
  /** Added columns the run reads, in the order they can be computed. */
  derived: DerivedFormula[];
  /** Columns the run reads that are neither in the file (as far as we know) nor computable from a formula. */
  unreproducible: string[];
  scale: boolean;
  missingIndicators: boolean;
  model: RunConfigOf<'cv'>['config']['model'];
  /** Every option of the model, defaults filled in. */
  modelOptions: Record<string, unknown>;
  imbalance: 'none' | 'balanced-weights' | 'smote';
  /** Fold of every file row, one string per round of folds: a base-36 digit per tested row, '.' train only, '-' unused. */
  foldRounds: string[];
  splitter: string;
  /** The app's own metrics of this run (means over folds), printed beside the script's. */
  reference: Record<string, number>;
}

/** Options of a model export. */
export interface ModelExportOptions {
  source: ExportSource;
  /** The formulas of the dataset's added columns. */
  derived?: readonly DerivedFormula[];
  /** The app's metrics of the run (mean over folds). */
  reference?: Record<string, number>;
  /** The columns of the file as read (without added ones), when known: any other column the run reads is reported. */
  fileColumns?: readonly string[];
}

/** The export plan of a cross-validation run on `table` (the table it ran on, without its label). */
export function planModelExport(table: Table, run: RunConfigOf<'cv'>, options: ModelExportOptions): ModelExportPlan {
  const { label: spec, metricsOnly: _metricsOnly, ...cv } = run.config;
  const labelled = spec ? applyLabel(table, spec) : null;
  const data = labelled?.table ?? table;
  const prepared = prepareCv(data, { ...cv, target: labelled?.target ?? cv.target, positive: cv.positive ?? labelled?.positive, seed: run.seed });
  const features = featureExports(data, prepared);
  const labelExport = labelOf(spec, labelled?.target);
  const reads = [...prepared.features, ...(labelExport?.kind === 'rules' ? labelExport.rules.map((r) => r.column) : [prepared.config.target])];
  const derived = derivedNeeded(reads, options.derived ?? []);
  const fileColumns = [...new Set([...reads, ...derived.flatMap((d) => columnsOf(parseFormula(d.formula)))])].filter((c) => !derived.some((d) => d.name === c));
  return {
    kind: 'model',
    page: run.config.task === 'classification' ? 'risk' : 'predict',
    source: options.source,
    seed: run.seed,
    task: prepared.config.task,
    target: prepared.config.target,
    label: labelExport,
    classes: prepared.classes ? prepared.classes.map((c) => classValue(getColumn(data, prepared.config.target), c)) : null,
    positiveIndex: prepared.positiveIndex ?? null,
    features,
    booleans: fileColumns.flatMap((c) => booleanOf(data, c)),
    textColumns: features.filter((f) => f.kind === 'categorical' && getColumn(data, f.column).storage === 'number').map((f) => f.column),
    derived,
    unreproducible: options.fileColumns ? fileColumns.filter((c) => !options.fileColumns?.includes(c) && c !== labelled?.target) : [],
    scale: prepared.config.preprocess?.scale ?? modelInfo[prepared.config.model].needsScaling,
    missingIndicators: prepared.config.preprocess?.missingIndicators ?? false,
    model: prepared.config.model,
    modelOptions: modelOptionsOf(prepared.config.model, prepared.config.task, { seed: run.seed, ...prepared.config.modelOptions }),
    imbalance: prepared.config.imbalance ?? 'none',
    foldRounds: foldRoundsOf(prepared, data.rowCount),
    splitter: prepared.splitter,
    reference: options.reference ?? {},
  };
}

function labelOf(spec: LabelSpec | undefined, target: string | undefined): LabelExport | null {
  if (!spec) return null;
  if (spec.source === 'rules') return { kind: 'rules', rules: spec.rules, combine: spec.combine, name: target ?? 'at_risk' };
  return { kind: 'column', column: spec.column };
}

/** Each feature with how the pipeline encodes it; categorical levels as chosen on the run's rows. */
function featureExports(table: Table, prepared: PreparedCv): FeatureExport[] {
  const { config } = prepared;
  const dropReferenceLevel = dropsReferenceLevel(config.model, config.modelOptions);
  const plans = new Map(planCategoricals(table, prepared.features, { dropReferenceLevel, ...config.preprocess }, prepared.rows).map((p) => [p.column, p]));
  return prepared.features.map((name): FeatureExport => {
    const plan = plans.get(name);
    if (plan) return { column: name, kind: 'categorical', levels: plan.reference === null ? plan.kept : [plan.reference, ...plan.kept], hasOther: plan.grouped > 0, reference: plan.reference };
    const column = getColumn(table, name);
    if (column.type === 'boolean') return { column: name, kind: 'boolean' };
    return { column: name, kind: column.type === 'date' ? 'date' : 'numeric' };
  });
}

/** The value a class has once the script has read the file: a number for number columns (yes/no ones as 0/1), else the text. */
function classValue(column: Column, text: string): string | number {
  if (column.storage === 'category') return text;
  for (let r = 0; r < column.values.length; r++) if (cellText(column, r) === text) return column.values[r];
  return Number(text);
}

/** The column's yes/no words, when it is a yes/no column stored as 0/1. */
function booleanOf(table: Table, name: string): BooleanColumn[] {
  const column = table.columns.find((c) => c.name === name);
  if (!column || column.storage !== 'number' || column.type !== 'boolean') return [];
  return [{ column: name, words: [column.labels?.[0] ?? 'false', column.labels?.[1] ?? 'true'] }];
}

/** The added columns that `reads` need, through one another, in dependency order. */
export function derivedNeeded(reads: readonly string[], derived: readonly DerivedFormula[]): DerivedFormula[] {
  const byName = new Map(derived.map((d) => [d.name, d]));
  const ordered: DerivedFormula[] = [];
  const done = new Set<string>();
  const visit = (name: string, path: readonly string[]): void => {
    const d = byName.get(name);
    if (!d || done.has(name) || path.includes(name)) return;
    for (const source of columnsOf(parseFormula(d.formula))) visit(source, [...path, name]);
    done.add(name);
    ordered.push(d);
  };
  for (const name of reads) visit(name, []);
  return ordered;
}

/** Base-36 digit of fold `f` within its round. */
const digit = (f: number): string => f.toString(36);

/**
 * The folds as rounds over the file's rows: consecutive folds whose test rows do not meet form a round
 * (k-fold: one round; repeated k-fold: one per repeat; a holdout: one fold). Every fold trains on all
 * the run's rows outside its test rows, which is what the script assumes.
 */
export function foldRoundsOf(prepared: Pick<PreparedCv, 'rows' | 'folds'>, rowCount: number): string[] {
  const { rows, folds } = prepared;
  const rounds: string[][] = [];
  let current: string[] | null = null;
  let inRound = 0;
  for (const fold of folds) {
    if (fold.train.length + fold.test.length !== rows.length) throw new Error('This run trains each fold on a subset of the other rows; the script cannot repeat it');
    const meets = current !== null && Array.from(fold.test).some((i) => current?.[rows[i]] !== '.');
    if (current === null || meets || inRound >= 36) {
      current = new Array<string>(rowCount).fill('-');
      for (const row of rows) current[row] = '.';
      rounds.push(current);
      inRound = 0;
    }
    for (const i of fold.test) current[rows[i]] = digit(inRound);
    inRound++;
  }
  return rounds.map((r) => r.join(''));
}
