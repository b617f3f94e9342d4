/**
 * A customer profile as the Customer page edits it: one value per model input, the slider
 * (range, step, levels) of each input, and the one-row table a profile becomes for scoring.
 */
import { cellText, type Column, type ColumnType, type Table } from '../core/table';

/** A profile field: the slider (or select) the page draws for one input column. */
export interface ProfileInput {
  name: string;
  /** The column's type and storage, so a profile becomes a table with the training column's shape. */
  type: ColumnType;
  storage: Column['storage'];
  kind: 'number' | 'category' | 'boolean' | 'date';
  /** Range of the data (number, date as epoch ms); 0 for categories. */
  min: number;
  max: number;
  /** Slider step: about 1/100 of the range, a whole number for integer columns. */
  step: number;
  /** Levels of a category column, sorted. */
  levels: string[];
  /** A boolean column's own words for 0 and 1 (No/Yes). */
  labels?: readonly [string, string];
  /** Median (numbers, dates) or most frequent level (categories, booleans). */
  initial: ProfileValue;
  /** Numbers: standard deviation of the data (population), the unit of a suggested change. */
  sd?: number;
  /** Which models read it. */
  usedBy: ('spend' | 'risk')[];
}

/** One field of a profile: a number (numeric, date ms, boolean 0/1), a level, or null (missing). */
export type ProfileValue = number | string | null;
/** A customer as the models see it: input column → value (a Map: column names are the user's text). */
export type Profile = ReadonlyMap<string, ProfileValue>;

/** A one-row table with the input columns' shapes (type, storage), holding the profile's values. */
export function profileTable(inputs: readonly ProfileShape[], profile: Profile): Table {
  return profilesTable(inputs, [profile]);
}

/** What a profile table needs of an input: its name and the training column's shape. */
export type ProfileShape = Pick<ProfileInput, 'name' | 'type' | 'storage' | 'labels'>;

/** A table of several profiles, one row each, with the input columns' shapes (type, storage). */
export function profilesTable(inputs: readonly ProfileShape[], profiles: readonly Profile[]): Table {
  const known = new Set(inputs.map((i) => i.name));
  for (const profile of profiles) {
    for (const name of profile.keys()) {
      if (!known.has(name)) throw new Error(`The profile names "${name}", which no model reads; inputs are: ${[...known].join(', ')}`);
    }
  }
  const n = profiles.length;
  const columns = inputs.map((input): Column => {
    const base = { name: input.name, type: input.type, role: 'feature' as const };
    if (input.storage === 'category') {
      const codes = new Int32Array(n);
      const dictionary: string[] = [];
      const codeOf = new Map<string, number>();
      profiles.forEach((profile, r) => {
        const v = profile.get(input.name) ?? null;
        const text = v === null ? '' : String(v);
        if (text === '') return void (codes[r] = -1);
        let code = codeOf.get(text);
        if (code === undefined) codeOf.set(text, (code = dictionary.push(text) - 1));
        codes[r] = code;
      });
      return { ...base, storage: 'category', codes, dictionary };
    }
    const values = new Float64Array(n);
    profiles.forEach((profile, r) => {
      const v = profile.get(input.name) ?? null;
      const x = v === null || v === '' ? NaN : Number(v);
      if (typeof v === 'string' && v !== '' && Number.isNaN(x)) throw new Error(`"${input.name}" must be a number, got "${v}"`);
      values[r] = x;
    });
    return { ...base, storage: 'number', values, ...(input.labels ? { labels: input.labels } : {}) };
  });
  return { name: 'profile', rowCount: n, columns };
}

/** The value of `column` at `row` as a profile holds it. */
export function cellValue(column: Column, row: number): ProfileValue {
  if (column.storage === 'category') return column.codes[row] < 0 ? null : column.dictionary[column.codes[row]];
  const v = column.values[row];
  if (Number.isNaN(v)) return null;
  return column.type === 'categorical' ? cellText(column, row) : v;
}

/** The slider (or select) of an input column, from the data's range, levels and median. */
export function profileInput(column: Column, usedBy: ProfileInput['usedBy']): ProfileInput {
  const base = { name: column.name, type: column.type, storage: column.storage, usedBy, min: 0, max: 0, step: 1, levels: [] as string[] };
  if (column.storage === 'category' || column.type === 'categorical') {
    const counts = new Map<string, number>();
    for (let r = 0; r < (column.storage === 'category' ? column.codes.length : column.values.length); r++) {
      const text = cellText(column, r);
      if (text !== '') counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    const levels = [...counts.keys()].sort();
    const mode = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
    return { ...base, kind: 'category', levels, initial: mode };
  }
  const values = column.values.filter((v) => !Number.isNaN(v)).sort();
  if (column.type === 'boolean') {
    const ones = values.reduce((s, v) => s + v, 0);
    return { ...base, kind: 'boolean', max: 1, initial: ones * 2 > values.length ? 1 : 0, ...(column.storage === 'number' && column.labels ? { labels: column.labels } : {}) };
  }
  const min = values.length ? values[0] : 0;
  const max = values.length ? values[values.length - 1] : 0;
  const median = values.length ? (values.length % 2 ? values[values.length >> 1] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2) : 0;
  if (column.type === 'date') return { ...base, kind: 'date', min, max, step: 86_400_000, initial: median };
  const isInteger = values.every(Number.isInteger);
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length));
  return { ...base, kind: 'number', min, max, step: isInteger ? Math.max(1, niceStep(max - min)) : niceStep(max - min), initial: isInteger ? Math.round(median) : median, sd };
}

/** A round step of about 1/100 of the range (1, 2 or 5 times a power of ten). */
function niceStep(range: number): number {
  if (!(range > 0)) return 1;
  const raw = range / 100;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m < 2 ? 1 : m < 5 ? 2 : 5) * power;
}

/** The starting profile of some inputs: each input's median or most frequent value. */
export function initialProfileOf(inputs: readonly ProfileInput[]): Profile {
  return new Map(inputs.map((i) => [i.name, i.initial]));
}
