/**
 * The one feature chooser: which columns a model may read, which of them start unchecked and why.
 * Every page, the CLI and the Customer models call it before they describe a run, so a run's
 * features are always explicit. Roles and types decide what is offered (ids, free text and ignored
 * columns are not); the leakage guard decides what starts unchecked: a column computed from the
 * target or from what a rule-built label reads, and, for a plain file without recorded lineage,
 * columns named like our engineered features or copying the target.
 */
import { getColumn, type Column, type Table } from '../core/table';
import { exclusionReason } from '../preprocess/pipeline';
import { fileLeaks } from './file-leaks';
import { leakyFeatures, type DerivedColumn } from './lineage';

/** One offered feature. */
export interface FeatureChoice {
  name: string;
  /** Added on the Explore page (formula, engineered, merged). */
  isDerived: boolean;
  /** Why it starts unchecked (target leakage), or null. */
  leak: string | null;
}

/** A column left out of a run, and why (a sentence for the user). */
export interface Exclusion {
  column: string;
  reason: string;
}

/** What a feature choice depends on. */
export interface FeatureRequest {
  /** The target column (for a rule-built label: the label's column). */
  target: string;
  /** Columns asked for; default every offered column without a leak. */
  features?: readonly string[];
  /** Rows sharing its value share a fold; never a feature. */
  groupColumn?: string;
  /** Derived columns with the columns they are computed from (recorded by the Explore page). */
  lineage?: readonly DerivedColumn[];
  /** Columns a rule-built label reads: never offered, they define the label. */
  labelReads?: readonly string[];
  /** Plain files (no lineage): also treat columns named like engineered features, and copies of the target, as leaks. */
  detectFileLeaks?: boolean;
  /** Keep asked-for leaky columns (the CLI's --keep-leaky, or a user who re-checked one). */
  keepLeaky?: boolean;
  /**
   * Without asked-for features, choose at most this many (the pages: {@link defaultFeatureLimit}; the CLI:
   * all): those with the fewest missing values, ties in table order. Chosen without looking at the
   * target, so cross-validation of the chosen set stays honest.
   */
  limit?: number;
}

/** The most features the pages choose by default on a wide file. */
export const defaultFeatureLimit = 50;

/** The choice: what is offered, what is chosen, and what was left out for leaking. */
export interface FeatureSelection {
  /** Columns offered as features, in table order, each with its leak reason. */
  choices: FeatureChoice[];
  /** The features of the run. */
  features: string[];
  /** Leaky columns left out of `features`, with the reason (the rest of the left-out columns are simply not selected). */
  exclusions: Exclusion[];
  /** When `limit` cut the default: how many columns the default would have had without it. */
  limitedFrom?: number;
}

/** Why the columns a label reads are left out. */
export const labelInputReason = 'the label is computed from it';

/** Why a column is not even offered, or null: the target, the group column, another target, a label's input, or an id/text/ignored column. */
export function notOfferedReason(table: Table, name: string, request: FeatureRequest): string | null {
  if (name === request.target) return 'the target';
  if (name === request.groupColumn) return 'group column';
  if (request.labelReads?.includes(name)) return labelInputReason;
  const column = getColumn(table, name);
  if (column.role === 'target') return 'another target';
  return exclusionReason(column);
}

/**
 * The columns offered for `request.target`, the chosen features and the leaks left out.
 * Asked-for features must exist and may not be the target or the group column; asked-for
 * id/text/ignored columns are dropped (prepareCv names the reason).
 */
export function chooseFeatures(table: Table, request: FeatureRequest): FeatureSelection {
  getColumn(table, request.target);
  const offered = table.columns.filter((c) => notOfferedReason(table, c.name, request) === null).map((c) => c.name);
  const candidates = request.features ? [...request.features] : offered;
  for (const name of candidates) {
    getColumn(table, name);
    if (name === request.target) throw new Error(`The target "${name}" cannot also be a feature`);
    if (name === request.groupColumn) throw new Error(`The group column "${name}" cannot also be a feature`);
  }
  const leaks = new Map<string, string>();
  for (const l of leakyFeatures(request.target, [...new Set([...offered, ...candidates])], request.lineage ?? [], request.labelReads ?? [])) leaks.set(l.column, l.reason);
  if (request.detectFileLeaks) {
    for (const l of fileLeaks(table, request.target, candidates.filter((n) => !leaks.has(n)))) leaks.set(l.column, l.reason);
  }
  const derived = new Set((request.lineage ?? []).map((d) => d.name));
  const choices = offered.map((name) => ({ name, isDerived: derived.has(name), leak: leaks.get(name) ?? null }));
  const exclusions: Exclusion[] = [];
  const features = candidates.filter((name) => {
    const reason = leaks.get(name);
    if (reason === undefined || request.keepLeaky) return true;
    exclusions.push({ column: name, reason });
    return false;
  });
  const limit = request.limit ?? Infinity;
  if (request.features || features.length <= limit) return { choices, features, exclusions };
  return { choices, features: fewestMissing(table, features, limit), exclusions, limitedFrom: features.length };
}

/** The `limit` names with the fewest missing values, in table order (ties kept in table order). */
function fewestMissing(table: Table, names: readonly string[], limit: number): string[] {
  const ranked = names.map((name, index) => ({ name, index, missing: missingCount(getColumn(table, name)) }));
  ranked.sort((a, b) => a.missing - b.missing || a.index - b.index);
  return ranked.slice(0, limit).sort((a, b) => a.index - b.index).map((r) => r.name);
}

/** Missing counts per values array: each model page ranks the same 5,000 columns of a wide file again. */
const missingCounts = new WeakMap<object, number>();

function missingCount(column: Column): number {
  const values = column.storage === 'number' ? column.values : column.codes;
  let missing = missingCounts.get(values);
  if (missing !== undefined) return missing;
  missing = 0;
  if (column.storage === 'number') {
    for (let i = 0; i < column.values.length; i++) if (Number.isNaN(column.values[i])) missing++;
  } else {
    for (let i = 0; i < column.codes.length; i++) if (column.codes[i] < 0) missing++;
  }
  missingCounts.set(values, missing);
  return missing;
}
