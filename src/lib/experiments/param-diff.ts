/**
 * Runs' settings side by side: each run's model, options, CV settings and data as named text
 * values, lined up by name, with the rows where the runs differ marked, so a "show differences
 * only" view can hide the rest. Names and values are kept in Maps and lists, never as object keys.
 */
import type { ParamEntry, RunRecord } from './run-record';

/** One setting across runs. */
export interface DiffRow {
  name: string;
  /** The value in each run, in the runs' order ('default' for a model option a run left at its default, '—' where it does not apply). */
  values: string[];
  differs: boolean;
}

/** A setting's value as text. */
export function formatValue(value: ParamEntry['value'] | undefined): string {
  if (value === undefined) return '—';
  if (value === null) return '—';
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** A run's settings as (name → text), in the order they are listed. */
export function settingsOf(record: RunRecord): Map<string, string> {
  const rows = new Map<string, string>();
  rows.set('page', record.page);
  rows.set('kind', record.kind === 'cv' ? 'cross-validation' : record.kind === 'tune' ? 'tuning search' : record.kind === 'simulate' ? 'retraining simulation' : 'clustering sweep');
  rows.set('model', record.model);
  if (record.target) rows.set('target', record.target);
  rows.set('features', `${record.features.length}: ${record.features.join(', ')}`);
  for (const p of record.params) rows.set(`option: ${p.name}`, formatValue(p.value));
  for (const s of record.settings) rows.set(s.name, formatValue(s.value));
  if (record.exclusions.length) rows.set('left out for leaking', record.exclusions.map((e) => e.column).join(', '));
  if (record.data) {
    rows.set('data', `${record.data.name} (${record.data.rows} rows × ${record.data.cols} columns)`);
    rows.set('data hash', record.data.hash);
  }
  rows.set('backend', record.backend);
  rows.set('app version', record.appVersion);
  rows.set('status', record.status);
  return rows;
}

/** Every setting of any of `records`, in first-seen order, with each run's value and whether they differ. */
export function parameterDiff(records: readonly RunRecord[]): DiffRow[] {
  const each = records.map(settingsOf);
  const names: string[] = [];
  const seen = new Set<string>();
  for (const rows of each) for (const name of rows.keys()) if (!seen.has(name)) (seen.add(name), names.push(name));
  return names.map((name) => {
    const missing = name.startsWith('option: ') ? 'default' : '—';
    const values = each.map((rows) => rows.get(name) ?? missing);
    return { name, values, differs: values.some((v) => v !== values[0]) };
  });
}
