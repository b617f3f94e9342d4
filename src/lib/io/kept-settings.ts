/**
 * The Data page settings kept with a user's file across reloads: type and role overrides
 * (as a list of named entries: column names are the file's own words, never object keys)
 * and the columns the user added, stored as data (typed arrays) with their formula and
 * lineage. Anything read back is checked, so an old or damaged record is dropped, not applied.
 */
import { columnRoles, columnTypes, type Column, type ColumnRole, type ColumnType } from '../ml/core/table';
import type { ClvJobConfig } from '../runs/jobs/clv-jobs';

/** One column's type and role as the user set them. */
export interface KeptOverride {
  name: string;
  type?: ColumnType;
  role?: ColumnRole;
}

/** A column the user added: its values, its formula and the file's columns it came from. */
export interface KeptDerived {
  column: Column;
  formula: string;
  sources: string[];
}

/** How the user chose to read the file: a workbook's sheet, and the decimal mark they confirmed. */
export interface KeptReading {
  sheet?: string;
  decimal?: '.' | ',';
}

/** Everything the Data page lets a user change, as plain data that IndexedDB can clone. */
export interface KeptSettings {
  overrides: KeptOverride[];
  derived: KeptDerived[];
  /** The reading choices made after the file was opened, so a reload reads it the same way. */
  reading?: KeptReading;
  /** A transaction log summarised by customer: the summary's settings, so a reload shows the customer table again. */
  summary?: ClvJobConfig;
}

/** No changes: the file as inferred. */
export const emptyKeptSettings: KeptSettings = { overrides: [], derived: [] };

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function readOverride(value: unknown): KeptOverride | null {
  if (typeof value !== 'object' || value === null) return null;
  const { name, type, role } = value as Record<string, unknown>;
  if (typeof name !== 'string') return null;
  const override: KeptOverride = { name };
  if (columnTypes.includes(type as ColumnType)) override.type = type as ColumnType;
  if (columnRoles.includes(role as ColumnRole)) override.role = role as ColumnRole;
  return override.type || override.role ? override : null;
}

function readColumn(value: unknown): Column | null {
  if (typeof value !== 'object' || value === null) return null;
  const c = value as Record<string, unknown>;
  if (typeof c.name !== 'string' || !columnTypes.includes(c.type as ColumnType) || !columnRoles.includes(c.role as ColumnRole)) return null;
  if (c.storage === 'number' && c.values instanceof Float64Array) return value as Column;
  if (c.storage === 'category' && c.codes instanceof Int32Array && isStringArray(c.dictionary)) return value as Column;
  return null;
}

function readDerived(value: unknown): KeptDerived | null {
  if (typeof value !== 'object' || value === null) return null;
  const { column, formula, sources } = value as Record<string, unknown>;
  const checked = readColumn(column);
  if (!checked || typeof formula !== 'string' || !isStringArray(sources)) return null;
  return { column: checked, formula, sources };
}

const optionalText = (value: unknown): boolean => value === undefined || typeof value === 'string';

/** A kept summary's settings when they have the shape of a 'clv' job's config, else null. */
function readSummary(value: unknown): ClvJobConfig | null {
  if (typeof value !== 'object' || value === null) return null;
  const { columns, unit, end, calibrationEnd, fit, horizonMonths, discount, l2 } = value as Record<string, unknown>;
  if (typeof columns !== 'object' || columns === null) return null;
  const c = columns as Record<string, unknown>;
  const columnsOk = typeof c.customer === 'string' && typeof c.date === 'string' && ['amount', 'quantity', 'price', 'invoice'].every((k) => optionalText(c[k]));
  const numbersOk = [horizonMonths, discount].every((n) => typeof n === 'number' && Number.isFinite(n)) && (l2 === undefined || typeof l2 === 'number');
  if (!columnsOk || !numbersOk || (unit !== 'days' && unit !== 'weeks') || typeof fit !== 'boolean' || !optionalText(end) || !optionalText(calibrationEnd)) return null;
  return value as ClvJobConfig;
}

/** The reading choices among `value`'s entries that have the expected shape, or null when none do. */
export function readKeptReading(value: unknown): KeptReading | null {
  if (typeof value !== 'object' || value === null) return null;
  const { sheet, decimal } = value as Record<string, unknown>;
  const reading: KeptReading = {};
  if (typeof sheet === 'string') reading.sheet = sheet;
  if (decimal === '.' || decimal === ',') reading.decimal = decimal;
  return reading.sheet !== undefined || reading.decimal !== undefined ? reading : null;
}

/** Settings read back from storage, keeping only the entries that have the expected shape. */
export function readKeptSettings(value: unknown): KeptSettings {
  if (typeof value !== 'object' || value === null) return emptyKeptSettings;
  const { overrides, derived, summary, reading } = value as Record<string, unknown>;
  const kept = readSummary(summary);
  const chosen = readKeptReading(reading);
  return {
    overrides: Array.isArray(overrides) ? overrides.map(readOverride).filter((o): o is KeptOverride => o !== null) : [],
    derived: Array.isArray(derived) ? derived.map(readDerived).filter((d): d is KeptDerived => d !== null) : [],
    ...(kept && { summary: kept }),
    ...(chosen && { reading: chosen }),
  };
}

/** The number of rows of a column's data. */
export function columnLength(column: Column): number {
  return column.storage === 'number' ? column.values.length : column.codes.length;
}
