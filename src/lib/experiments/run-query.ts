/**
 * The runs table's query: filter by page, target, model, dataset and status, sort by a column,
 * and cut one page, all in one pass over the records, so 2,000 runs stay instant and only a page
 * of rows is ever drawn.
 */
import { headlineMetric, isHigherBetter, type RecordStatus, type RunPage, type RunRecord } from './run-record';

/** The table's filters ('' = any). */
export interface RunFilter {
  page: RunPage | '';
  target: string;
  model: string;
  /** A data fingerprint's hash. */
  data: string;
  status: RecordStatus | '';
}

/** No filter. */
export const anyRun: RunFilter = { page: '', target: '', model: '', data: '', status: '' };

/** The columns the table sorts by. */
export type RunSortKey = 'finishedAt' | 'page' | 'model' | 'target' | 'data' | 'metric' | 'seconds' | 'status';

/** A sort: a column and its direction. */
export interface RunSort {
  key: RunSortKey;
  descending: boolean;
}

/** Newest first. */
export const newestFirst: RunSort = { key: 'finishedAt', descending: true };

/** One page of the filtered, sorted runs. */
export interface RunPageSlice {
  rows: RunRecord[];
  /** Runs that pass the filter. */
  total: number;
  /** The page shown (0-based, clamped to the last page) and the number of pages. */
  index: number;
  pages: number;
}

/** Does `record` pass `filter`? */
export function matchesFilter(record: RunRecord, filter: RunFilter): boolean {
  return (
    (!filter.page || record.page === filter.page) &&
    (!filter.target || record.target === filter.target) &&
    (!filter.model || record.model === filter.model) &&
    (!filter.data || record.data?.hash === filter.data) &&
    (!filter.status || record.status === filter.status)
  );
}

/** The value a record sorts by (strings compare as text, numbers as numbers; NaN sorts last). */
function sortValue(record: RunRecord, key: RunSortKey): string | number {
  switch (key) {
    case 'finishedAt':
      return record.finishedAt;
    case 'seconds':
      return record.seconds;
    case 'metric': {
      // Sorted so that "best first" is the descending order whatever the metric's direction.
      const m = headlineMetric(record);
      return m ? (isHigherBetter(m.key) ? m.mean : -m.mean) : NaN;
    }
    case 'data':
      return record.data?.name ?? '';
    default:
      return record[key];
  }
}

/**
 * Filters, sorts (stable: ties keep the records' order) and cuts page `index` of `size` rows.
 * @param size rows per page (default 50)
 */
export function queryRuns(records: readonly RunRecord[], filter: RunFilter, sort: RunSort, index: number, size = 50): RunPageSlice {
  const kept = records.filter((r) => matchesFilter(r, filter));
  const sign = sort.descending ? -1 : 1;
  const keyed = kept.map((record, i) => ({ record, i, v: sortValue(record, sort.key) }));
  keyed.sort((a, b) => {
    const aNaN = typeof a.v === 'number' && Number.isNaN(a.v);
    const bNaN = typeof b.v === 'number' && Number.isNaN(b.v);
    if (aNaN || bNaN) return aNaN === bNaN ? a.i - b.i : aNaN ? 1 : -1;
    if (a.v === b.v) return a.i - b.i;
    const order = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v));
    return sign * order;
  });
  const pages = Math.max(1, Math.ceil(kept.length / size));
  const at = Math.min(Math.max(0, index), pages - 1);
  return { rows: keyed.slice(at * size, (at + 1) * size).map((k) => k.record), total: kept.length, index: at, pages };
}

/** The values each filter offers: targets, models and datasets present in the records. */
export function filterChoices(records: readonly RunRecord[]): { targets: string[]; models: string[]; datasets: { hash: string; label: string }[] } {
  const targets = new Set<string>();
  const models = new Set<string>();
  const datasets = new Map<string, string>();
  for (const r of records) {
    if (r.target) targets.add(r.target);
    models.add(r.model);
    if (r.data && !datasets.has(r.data.hash)) datasets.set(r.data.hash, `${r.data.name} (${r.data.rows} × ${r.data.cols}, ${r.data.hash.slice(0, 6)})`);
  }
  const byText = (a: string, b: string) => a.localeCompare(b);
  return {
    targets: [...targets].sort(byText),
    models: [...models].sort(byText),
    datasets: [...datasets].map(([hash, label]) => ({ hash, label })).sort((a, b) => byText(a.label, b.label)),
  };
}
