/**
 * Every feature against a chosen target, strongest first. A numeric target: Pearson r of each
 * number (booleans as 0/1) and η of each categorical, with the target's mean per level. A binary
 * target (a boolean, or any column with two values): the point-biserial r of each number with
 * its mean in each class, and each categorical's rate of the positive class per level (ranked by
 * η, which equals Cramér's V there). More classes (up to 50): η of each number with its mean per
 * class, Cramér's V of each categorical. Linear in the columns, so it reads every feature.
 */
import { type CategoryColumn, type Column, type NumberColumn, type Table } from '../core/table';
import { pearson } from '../stats/correlation';
import { correlationRatio, cramersV, meansByGroup } from './association';
import type { AssociationMeasure } from './association-matrix';
import { booleanAsCategory, comparableColumnsOf, maxPlottedLevels } from './columns';

/** How the target is read. */
export type TargetKind = 'numeric' | 'binary' | 'classes';

/** The target coded for the comparisons. */
export interface TargetCoding {
  name: string;
  kind: TargetKind;
  /** Numeric: the values; binary: 1 for the positive class, 0 for the other; NaN = missing. Null for more classes. */
  values: Float64Array | null;
  /** Binary and classes: the class of each row (index into `classes`, −1 = missing). */
  codes: Int32Array | null;
  /** The classes in the file's words ([] for a numeric target); binary: [other, positive]. */
  classes: string[];
  /** Rows in each class. */
  classCounts: number[];
  /** Binary: the class whose rate is shown (a boolean's true value, else the rarer class). */
  positive: string | null;
}

/** One feature against the target. */
export interface TargetFeature {
  name: string;
  measure: AssociationMeasure;
  /** r (signed: above 0 when the feature is higher with a higher target or in the positive class), η or V. */
  value: number;
  /** Rows where both are present. */
  n: number;
  /** A number against classes: its mean in each class (the order of `classes`). */
  means: number[] | null;
  /** A categorical or boolean against a numeric or binary target: per level, its rows and the target's mean there (binary: the positive rate), most rows first. */
  levels: { label: string; count: number; value: number }[] | null;
}

/** A target and every feature against it. */
export interface TargetView {
  target: string;
  kind: TargetKind;
  classes: string[];
  classCounts: number[];
  positive: string | null;
  /** Strongest |value| first; features with no value (constant, no overlap) last. */
  features: TargetFeature[];
}

function numberText(column: NumberColumn, v: number): string {
  return column.decimals ? v.toFixed(column.decimals) : String(v);
}

/** Codes `codes` renumbered to the levels that occur, with those levels' names and counts. */
function presentLevels(codes: Int32Array, dictionary: readonly string[]): { codes: Int32Array; names: string[]; counts: number[] } {
  const raw = new Int32Array(dictionary.length);
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) raw[codes[i]]++;
  const map = new Int32Array(dictionary.length).fill(-1);
  const names: string[] = [];
  const counts: number[] = [];
  for (let c = 0; c < dictionary.length; c++) {
    if (raw[c] === 0) continue;
    map[c] = names.length;
    names.push(dictionary[c]);
    counts.push(raw[c]);
  }
  return { codes: Int32Array.from(codes, (c) => (c < 0 ? -1 : map[c])), names, counts };
}

/** Two classes coded 0/1 with class 1 the positive one. */
function binaryOf(name: string, codes: Int32Array, names: string[], counts: number[], positiveIndex: number): TargetCoding {
  const other = 1 - positiveIndex;
  const values = Float64Array.from(codes, (c) => (c < 0 ? NaN : c === positiveIndex ? 1 : 0));
  return {
    name,
    kind: 'binary',
    values,
    codes: Int32Array.from(values, (v) => (Number.isNaN(v) ? -1 : v)),
    classes: [names[other], names[positiveIndex]],
    classCounts: [counts[other], counts[positiveIndex]],
    positive: names[positiveIndex],
  };
}

/**
 * How `column` is read as a target: numbers with more than two values are numeric; a boolean, or
 * any column with exactly two values, is binary; a categorical of 3 to 50 levels has classes.
 * Throws for ids, text, dates, constant columns and categoricals of more than 50 levels.
 */
export function targetCoding(column: Column): TargetCoding {
  const why = `"${column.name}" cannot be compared with the features as a target`;
  if (column.type === 'id' || column.type === 'text' || column.type === 'date') throw new Error(`${why}: it is a${column.type === 'id' ? 'n' : ''} ${column.type} column.`);
  if (column.storage === 'number') {
    if (column.type === 'boolean') {
      const view = booleanAsCategory(column);
      const levels = presentLevels(view.codes, view.dictionary);
      if (levels.names.length < 2) throw new Error(`${why}: it has one value only.`);
      return binaryOf(column.name, view.codes, view.dictionary, [...countsOf(view.codes, 2)], 1);
    }
    let lo = Infinity;
    let hi = -Infinity;
    let two = true;
    for (let i = 0; i < column.values.length; i++) {
      const v = column.values[i];
      if (Number.isNaN(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (v !== lo && v !== hi) two = false;
    }
    if (!(hi > lo)) throw new Error(`${why}: it has ${hi === lo ? 'one value only' : 'no values'}.`);
    if (two) {
      for (let i = 0; i < column.values.length && two; i++) {
        const v = column.values[i];
        if (!Number.isNaN(v) && v !== lo && v !== hi) two = false;
      }
    }
    if (two) {
      const codes = Int32Array.from(column.values, (v) => (Number.isNaN(v) ? -1 : v === hi ? 1 : 0));
      return binaryOf(column.name, codes, [numberText(column, lo), numberText(column, hi)], [...countsOf(codes, 2)], 1);
    }
    return { name: column.name, kind: 'numeric', values: column.values, codes: null, classes: [], classCounts: [], positive: null };
  }
  const levels = presentLevels(column.codes, column.dictionary);
  const k = levels.names.length;
  if (k < 2) throw new Error(`${why}: it has ${k ? 'one value only' : 'no values'}.`);
  if (k > maxPlottedLevels) throw new Error(`${why}: it has ${k} levels, more than ${maxPlottedLevels}.`);
  if (k === 2) return binaryOf(column.name, levels.codes, levels.names, levels.counts, levels.counts[1] <= levels.counts[0] ? 1 : 0);
  return { name: column.name, kind: 'classes', values: null, codes: levels.codes, classes: levels.names, classCounts: levels.counts, positive: null };
}

function countsOf(codes: Int32Array, k: number): Int32Array {
  const counts = new Int32Array(k);
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) counts[codes[i]]++;
  return counts;
}

/** Rows where both the feature and the target are present. */
function pairCount(feature: Column, target: TargetCoding): number {
  const rows = feature.storage === 'number' ? feature.values.length : feature.codes.length;
  let n = 0;
  for (let i = 0; i < rows; i++) {
    const hasTarget = target.values ? !Number.isNaN(target.values[i]) : target.codes![i] >= 0;
    const hasFeature = feature.storage === 'number' ? !Number.isNaN(feature.values[i]) : feature.codes[i] >= 0;
    if (hasTarget && hasFeature) n++;
  }
  return n;
}

/** The strength of `feature` against `target` and its measure (see the module comment); NaN when it has none. */
export function associationWithTarget(feature: Column, target: TargetCoding): { measure: AssociationMeasure; value: number } {
  if (target.kind === 'classes') {
    const codes = target.codes!;
    const k = target.classes.length;
    return feature.storage === 'number'
      ? { measure: 'eta', value: correlationRatio(codes, k, feature.values) }
      : { measure: 'cramers-v', value: cramersV(feature.codes, feature.dictionary.length, codes, k) };
  }
  const values = target.values!;
  return feature.storage === 'number' ? { measure: 'pearson', value: pearson(feature.values, values) } : { measure: 'eta', value: correlationRatio(feature.codes, feature.dictionary.length, values) };
}

/** Per level of a categorical (or boolean) feature: rows and the target's mean there, most rows first. */
function levelsOf(feature: CategoryColumn, values: Float64Array): { label: string; count: number; value: number }[] {
  const { means, counts } = meansByGroup(feature.codes, feature.dictionary.length, values);
  const out: { label: string; count: number; value: number }[] = [];
  for (let g = 0; g < feature.dictionary.length; g++) if (counts[g] > 0) out.push({ label: feature.dictionary[g], count: counts[g], value: means[g] });
  return out.sort((a, b) => b.count - a.count);
}

/** One feature against the target, with its means per class or its levels. */
export function compareWithTarget(feature: Column, target: TargetCoding): TargetFeature {
  const { measure, value } = associationWithTarget(feature, target);
  const grouping = feature.storage === 'category' ? feature : feature.type === 'boolean' ? booleanAsCategory(feature) : null;
  let means: number[] | null = null;
  let levels: TargetFeature['levels'] = null;
  if (grouping && target.values) levels = levelsOf(grouping, target.values);
  else if (!grouping && feature.storage === 'number' && target.codes) means = Array.from(meansByGroup(target.codes, target.classes.length, feature.values).means);
  return { name: feature.name, measure, value, n: pairCount(feature, target), means, levels };
}

/** The target `name` of `table` against every other column Explore compares (numbers, booleans, categoricals of at most 50 levels). */
export function targetView(table: Table, name: string): TargetView {
  const column = table.columns.find((c) => c.name === name);
  if (!column) throw new Error(`The target "${name}" is not a column of ${table.name}.`);
  const target = targetCoding(column);
  const features = comparableColumnsOf(table)
    .filter((c) => c.name !== name)
    .map((c) => compareWithTarget(c, target));
  const strength = (f: TargetFeature) => (Number.isNaN(f.value) ? -1 : Math.abs(f.value));
  features.sort((a, b) => strength(b) - strength(a));
  return { target: name, kind: target.kind, classes: target.classes, classCounts: target.classCounts, positive: target.positive, features };
}
