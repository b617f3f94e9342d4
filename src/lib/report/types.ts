/**
 * The KPI report as plain data: what it is built from (`ReportInputs`: the dataset and the latest
 * runs' per-customer numbers, each with where it comes from) and what it holds (`Report`: headline
 * numbers, aggregates and top lists only, never the raw rows, so a report of any size stays small).
 */
import type { Table } from '../ml/core/table';

/** Where a number comes from: one line, the settings behind it, and (in the app) a link to the run. */
export interface Provenance {
  /** E.g. "Gradient boosting, 5-fold cross-validation (seed 0): out-of-fold probabilities". */
  summary: string;
  /** The run's settings and facts, as label and value. */
  details: [string, string][];
  /** In the app only: the page that reopens the run's settings (`#/risk?run=…`); never written into a file. */
  link?: string;
}

/** The churn-risk model's per-customer scores (out-of-fold: each customer scored by a model not trained on them). */
export interface RiskSource {
  model: string;
  /** The label's column and its positive class ("at risk"). */
  target: string;
  positive: string;
  /** Probability of the positive class per table row; NaN where the run gave none (held-out test rows, missing label). */
  scores: Float64Array;
  /** 1 where the row's actual label is the positive class, 0 where it is another, NaN where unknown. */
  actual: Float64Array;
  /** Cross-validation means (roc_auc, precision, recall… at threshold 0.5). */
  cvMetrics: Record<string, number>;
  excluded: { column: string; reason: string }[];
  duplicates?: { count: number; distinct: number; grouped: boolean; reason: string };
  provenance: Provenance;
}

/** The spend model's per-customer predictions (out-of-fold). */
export interface SpendSource {
  model: string;
  /** The column predicted (the spend column). */
  target: string;
  /** Predicted value per table row; NaN where the run gave none. */
  predictions: Float64Array;
  cvMetrics: Record<string, number>;
  excluded: { column: string; reason: string }[];
  provenance: Provenance;
}

/** The Segments page's segmentation. */
export interface SegmentSource {
  k: number;
  /** Segment of each table row (0-based); −1 for rows left out. */
  segmentOfRow: Int32Array;
  names: readonly string[];
  actions: readonly string[];
  /** Clustered numeric columns and their means per segment (row-major k × features) and overall. */
  features: readonly string[];
  means: Float64Array;
  overallMeans: Float64Array;
  provenance: Provenance;
}

/** The top drivers of the risk model, as the Risk page has them. */
export interface DriverSource {
  /** What the values measure, in words ("mean |SHAP| (log-odds)", "permutation importance: drop in ROC AUC"). */
  measure: string;
  items: { feature: string; value: number }[];
  /** Strongly correlated features among them, in words (importance is shared between them); '' when none. */
  caveat: string;
  provenance: Provenance;
}

/** Everything a report is built from. */
export interface ReportInputs {
  table: Table;
  /** The customer id column (null: customers are named by their row number). */
  idColumn: string | null;
  /** Customers with a risk probability at or above this are at risk. */
  threshold: number;
  /** Where the threshold was chosen, in words (e.g. "the Risk page's threshold panel"). */
  thresholdSource?: string;
  /** The category the distribution is shown by (null: none). */
  category: string | null;
  risk?: RiskSource;
  spend?: SpendSource;
  segments?: SegmentSource;
  drivers?: DriverSource;
}

/** A part of the report a run is still missing for, and what to run. */
export interface MissingPart {
  part: 'risk' | 'spend' | 'segments' | 'drivers';
  text: string;
}

/** At-risk customers at the chosen threshold. */
export interface RiskSummary {
  model: string;
  target: string;
  positive: string;
  threshold: number;
  thresholdSource: string;
  /** Customers with a score. */
  scored: number;
  /** Customers without one (held-out test rows, missing label). */
  unscored: number;
  atRisk: number;
  /** atRisk / scored (a fraction; shown in percent). */
  share: number;
  /** Pooled out-of-fold precision and recall at the threshold (NaN when no customer is flagged or none is positive). */
  precision: number;
  recall: number;
  cvMetrics: Record<string, number>;
  provenance: Provenance;
}

/** Predicted spend overall. */
export interface SpendSummary {
  model: string;
  target: string;
  scored: number;
  mean: number;
  total: number;
  cvMetrics: Record<string, number>;
  provenance: Provenance;
}

/** Predicted spend of the at-risk customers. */
export interface RevenueAtRisk {
  value: number;
  /** At-risk customers counted (those with a spend prediction). */
  customers: number;
  /** At-risk customers without a spend prediction (not counted). */
  withoutSpend: number;
  /** Does the spend target's name say it is money? Otherwise the sum is not called revenue. */
  isMoney: boolean;
  provenance: Provenance;
}

/** One level of the distribution (or "Other"). */
export interface LevelRow {
  level: string;
  count: number;
  share: number;
  /** At-risk customers among the scored ones of the level, and their share (NaN without a risk run). */
  atRisk: number;
  atRiskShare: number;
  meanSpend: number;
  revenueAtRisk: number;
  /** True for the row that groups the levels not shown. */
  isOther: boolean;
}

/** Customers by a category. */
export interface Distribution {
  column: string;
  rows: LevelRow[];
  /** Levels grouped into the "Other" row. */
  otherLevels: number;
  missing: number;
}

/** One segment's row of the segment table. */
export interface SegmentRow {
  segment: number;
  name: string;
  action: string;
  size: number;
  share: number;
  means: { feature: string; value: number; overall: number }[];
  meanSpend: number;
  totalSpend: number;
  atRiskShare: number;
}

/** The segment table. */
export interface SegmentTable {
  k: number;
  rows: SegmentRow[];
  unassigned: number;
  provenance: Provenance;
}

/** Data quality notes. */
export interface QualityNotes {
  rows: number;
  columns: number;
  /** Rows repeating an earlier row on every feature and the target (from the risk or spend run), null when unknown. */
  duplicates: { count: number; grouped: boolean; reason: string } | null;
  /** Columns with missing values, most first (at most 15), and how many more. */
  missing: { column: string; count: number; share: number }[];
  moreMissing: number;
  /** Columns left out of the models and why (leakage, ids, label inputs). */
  exclusions: { column: string; reason: string; model: string }[];
}

/** One of the highest-value at-risk customers. */
export interface TopCustomer {
  id: string;
  risk: number;
  spend: number;
  segment: string;
}

/** The report: aggregates and top lists only. */
export interface Report {
  dataset: { name: string; rows: number; columns: number };
  risk: RiskSummary | null;
  spend: SpendSummary | null;
  revenueAtRisk: RevenueAtRisk | null;
  /** Mean and total predicted spend per segment come with the segment table. */
  distribution: Distribution | null;
  segments: SegmentTable | null;
  drivers: DriverSource | null;
  quality: QualityNotes;
  /** The 20 at-risk customers with the highest predicted spend (by risk when there is no spend model). */
  top: TopCustomer[];
  /** Which column names the customers in `top`. */
  idLabel: string;
  missing: MissingPart[];
}

/** The report's sections, in order. */
export const reportSections = ['headline', 'distribution', 'segments', 'drivers', 'quality', 'top'] as const;
/** A report section. */
export type ReportSection = (typeof reportSections)[number];

/** The sections' titles. */
export const sectionTitles: Record<ReportSection, string> = {
  headline: 'Headline numbers',
  distribution: 'Customers by category',
  segments: 'Segments',
  drivers: 'Top drivers of risk',
  quality: 'Data quality',
  top: 'Highest-value customers at risk',
};

/** What the user adds to a report: title, notes, sections, and the date it was made. */
export interface ReportOptions {
  title: string;
  notes: string;
  sections: readonly ReportSection[];
  /** When it was made, as written in the report (e.g. "2026-12-05 14:00 UTC"). */
  generatedAt: string;
}
