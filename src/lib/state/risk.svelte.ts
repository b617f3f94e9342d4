/**
 * The Risk page's state: a label built from rules ("loyalty_score < 5") or a label column of the
 * file, the classifiers compared by cross-validation, and their runs. The label travels in each
 * run as its spec and is built again in the workers, so the table sent to them never changes.
 */
import type { Table } from '../ml/core/table';
import { applyLabel, labelProblem, type AppliedLabel, type LabelSpec } from '../ml/labels/label';
import type { LabelRule } from '../ml/labels/label-rules';
import { labelColumns } from '../ml/labels/targets';
import type { CvJobConfig } from '../runs/jobs/model-jobs';
import { dataset } from './dataset.svelte';
import { defaultModelSetup, ModelPage, type ModelSetup } from './model-page.svelte';

/** How the Risk page makes its label. */
export interface RiskSetup extends ModelSetup {
  /** 'rules' = a label built from rules; otherwise the name of an existing label column. */
  labelSource: string;
  rules: LabelRule[];
  combine: 'and' | 'or';
  /** The positive class of an existing label column ('' = the default). */
  positive: string;
  imbalance: 'none' | 'balanced-weights' | 'smote';
}

/** The Risk page: classification of a built or existing label. */
class RiskPage extends ModelPage {
  setup = $state<RiskSetup>({
    ...defaultModelSetup(['logistic', 'rf', 'gbm']),
    labelSource: 'rules',
    rules: [{ column: 'loyalty_score', operator: '<', value: 5 }],
    combine: 'and',
    positive: '',
    imbalance: 'none',
  });
  readonly task = 'classification' as const;
  table = $derived<Table | null>(dataset.table);
  /** Columns of the file usable as a label as they are. */
  existing = $derived(this.table ? labelColumns(this.table) : []);
  /** 'rules', or the existing label column in use. */
  source = $derived(this.setup.labelSource === 'rules' || this.existing.includes(this.setup.labelSource) ? this.setup.labelSource : 'rules');
  label = $derived.by((): LabelSpec =>
    this.source === 'rules'
      ? { source: 'rules', rules: $state.snapshot(this.setup.rules) as LabelRule[], combine: this.setup.combine }
      : { source: 'column', column: this.source, ...(this.setup.positive ? { positive: this.setup.positive } : {}) },
  );
  /** The label built on the table, or why it cannot be. */
  built = $derived.by((): { label: AppliedLabel | null; error: string | null } => {
    if (!this.table) return { label: null, error: null };
    if (this.label.source === 'rules' && this.label.rules.length === 0) return { label: null, error: null };
    try {
      const label = applyLabel(this.table, this.label);
      const problem = labelProblem(label);
      return { label, error: problem && this.source === 'rules' ? 'The rules mark every customer or none: a label needs both kinds.' : problem };
    } catch (error) {
      return { label: null, error: error instanceof Error ? error.message : String(error) };
    }
  });
  labelTable = $derived<Table | null>(this.built.label?.table ?? null);
  target = $derived(this.built.label?.target ?? '');
  labelReads = $derived(this.built.label?.reads ?? []);
  isReady = $derived(!!this.built.label && !this.built.error);

  protected cvExtras(): Partial<CvJobConfig> {
    return { imbalance: this.setup.imbalance, ...(this.built.label?.positive !== undefined ? { positive: this.built.label.positive } : {}) };
  }

  protected classCountHint(): number {
    return this.built.label?.classes.length ?? 2;
  }

  /**
   * A new file: keep a label that fits it; else take its label column (one marked target, one whose
   * name says churn, response, attrition, default or cancel, a boolean, or any two-valued column);
   * else start with no rule (the builder says what to do), never with the example's rule on a
   * column the file does not have.
   */
  protected override fitLabelTo(): void {
    const table = this.table;
    if (!table) return;
    const names = new Set(table.columns.map((c) => c.name));
    if (this.setup.labelSource !== 'rules' && this.existing.includes(this.setup.labelSource)) return;
    if (this.setup.labelSource === 'rules' && this.setup.rules.length && this.setup.rules.every((r) => names.has(r.column))) return;
    // Counting a column's classes reads every row: only when nothing else names the label.
    const column = table.columns.find((c) => c.role === 'target' && this.existing.includes(c.name))?.name
      ?? this.existing.find((name) => /churn|respon|attrit|default|cancel|exited|left|at.?risk/i.test(name))
      ?? table.columns.find((c) => c.type === 'boolean' && this.existing.includes(c.name))?.name
      ?? this.existing.find((name) => (this.classesOf(name)?.length ?? 0) === 2);
    this.setup.positive = '';
    if (column) {
      this.setup.labelSource = column;
      return;
    }
    this.setup.labelSource = 'rules';
    this.setup.rules = [];
  }

  /** The classes of a label column, in the file's words (null for another kind of column). */
  classesOf(name: string): { value: string; count: number }[] | null {
    if (!this.table) return null;
    try {
      return applyLabel(this.table, { source: 'column', column: name, positive: undefined }).classes;
    } catch {
      return null;
    }
  }

  /** Sets the positive class of a label column ('' = the default: Yes, 1, churned… or the rarer class). */
  setPositive(positive: string): void {
    this.setup.positive = positive;
  }

  /** Uses the rules or an existing column as the label (the features start from the default again). */
  setSource(source: string): void {
    this.setup.labelSource = source;
    this.setup.positive = '';
    this.setup.features = null;
    if (source === 'rules' && !this.setup.rules.length && this.table) {
      const first = this.table.columns.find((c) => c.storage === 'number' && c.type === 'numeric');
      if (first) this.setup.rules = [{ column: first.name, operator: '<', value: 0 }];
    }
  }

  /** Replaces the rules. */
  setRules(rules: LabelRule[], combine: 'and' | 'or'): void {
    this.setup.rules = rules;
    this.setup.combine = combine;
    this.setup.features = null;
  }
}

/** The Risk page's state (kept across navigation). */
export const riskPage = new RiskPage();
