/**
 * Reading run records back from JSON (an exported file, or storage written by an older version):
 * every field is checked, and a record that does not fit says which field and why. JSON writes
 * NaN as null, so numbers read null back as NaN.
 */
import { runConfigFromJson } from '../runs/run-config';
import {
  recordedKinds,
  runPages,
  runRecordVersion,
  type CurvePoints,
  type FoldMetric,
  type MetricEntry,
  type ParamEntry,
  type RecordedData,
  type RunCurves,
  type RunRecord,
  type TrialEntry,
} from './run-record';

/** A record field that is not what it should be. */
class RecordError extends Error {
  constructor(field: string, expected: string) {
    super(`${field} must be ${expected}`);
  }
}

type Fields = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(value: unknown, field: string): Fields {
  if (!isObject(value)) throw new RecordError(field, 'an object');
  return value;
}

function stringAt(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new RecordError(field, 'text');
  return value;
}

/** A number; null (how JSON writes NaN) reads as NaN. */
function numberAt(value: unknown, field: string): number {
  if (value === null) return NaN;
  if (typeof value !== 'number') throw new RecordError(field, 'a number');
  return value;
}

function finiteAt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RecordError(field, 'a finite number');
  return value;
}

function arrayAt(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new RecordError(field, 'a list');
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw new RecordError(field, `one of ${allowed.join(', ')}`);
  return value as T;
}

function paramValueAt(value: unknown, field: string): ParamEntry['value'] {
  if (value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value as number[];
  throw new RecordError(field, 'a number, text, yes/no or a list of numbers');
}

function paramsAt(value: unknown, field: string): ParamEntry[] {
  return arrayAt(value, field).map((e, i) => {
    const entry = objectAt(e, `${field}[${i}]`);
    return { name: stringAt(entry.name, `${field}[${i}].name`), value: paramValueAt(entry.value, `${field}[${i}].value`) };
  });
}

function metricsAt(value: unknown): MetricEntry[] {
  return arrayAt(value, 'metrics').map((e, i) => {
    const m = objectAt(e, `metrics[${i}]`);
    return { key: stringAt(m.key, `metrics[${i}].key`), mean: numberAt(m.mean, `metrics[${i}].mean`), std: numberAt(m.std, `metrics[${i}].std`) };
  });
}

function numbersAt(value: unknown, field: string): number[] {
  return arrayAt(value, field).map((v, i) => numberAt(v, `${field}[${i}]`));
}

function perFoldAt(value: unknown): FoldMetric[] {
  return arrayAt(value, 'perFold').map((e, i) => {
    const m = objectAt(e, `perFold[${i}]`);
    return { key: stringAt(m.key, `perFold[${i}].key`), values: numbersAt(m.values, `perFold[${i}].values`) };
  });
}

function curveAt(value: unknown, field: string): CurvePoints {
  const c = objectAt(value, field);
  const x = numbersAt(c.x, `${field}.x`);
  const y = numbersAt(c.y, `${field}.y`);
  if (x.length !== y.length) throw new RecordError(field, 'two lists of the same length');
  return { x, y };
}

/** Curves of a record (unknown curve names are dropped). */
export function readCurves(value: unknown): RunCurves {
  const c = objectAt(value, 'curves');
  const curves: RunCurves = {};
  for (const name of ['roc', 'pr', 'predicted', 'elbow', 'silhouette', 'withoutRetraining', 'withRetraining'] as const) {
    if (c[name] !== undefined) curves[name] = curveAt(c[name], `curves.${name}`);
  }
  return curves;
}

function dataAt(value: unknown): RecordedData | null {
  if (value === null) return null;
  const d = objectAt(value, 'data');
  const columns = arrayAt(d.columns, 'data.columns').map((e, i) => {
    const c = objectAt(e, `data.columns[${i}]`);
    return { name: stringAt(c.name, `data.columns[${i}].name`), type: stringAt(c.type, `data.columns[${i}].type`) };
  });
  return {
    name: stringAt(d.name, 'data.name'),
    rows: finiteAt(d.rows, 'data.rows'),
    cols: finiteAt(d.cols, 'data.cols'),
    hash: stringAt(d.hash, 'data.hash'),
    columns,
    columnsOmitted: d.columnsOmitted === undefined ? 0 : finiteAt(d.columnsOmitted, 'data.columnsOmitted'),
  };
}

function trialsAt(value: unknown): TrialEntry[] {
  return arrayAt(value, 'trials').map((e, i) => {
    const t = objectAt(e, `trials[${i}]`);
    return {
      index: finiteAt(t.index, `trials[${i}].index`),
      params: paramsAt(t.params, `trials[${i}].params`),
      score: numberAt(t.score, `trials[${i}].score`),
      budget: finiteAt(t.budget, `trials[${i}].budget`),
      round: finiteAt(t.round, `trials[${i}].round`),
    };
  });
}

/**
 * A record read from parsed JSON, every field checked; throws an Error naming the first field
 * that does not fit. Unknown fields are dropped, so nothing unchecked reaches the app.
 */
export function readRunRecord(value: unknown): RunRecord {
  const r = objectAt(value, 'a run');
  if (r.version !== runRecordVersion) {
    throw new Error(typeof r.version === 'number' ? `it is a version ${r.version} record; this app reads version ${runRecordVersion}` : 'it has no version');
  }
  const id = stringAt(r.id, 'id');
  if (!/^[0-9a-f]{16}$/.test(id)) throw new RecordError('id', '16 hex digits');
  let run;
  try {
    run = runConfigFromJson(r.run);
  } catch (error) {
    throw new Error(`its run: ${(error as Error).message}`);
  }
  const kind = oneOf(r.kind, recordedKinds, 'kind');
  if (run.kind !== kind) throw new Error(`its kind "${kind}" does not match its run's kind "${run.kind}"`);
  const findings = arrayAt(r.findings, 'findings').map((e, i) => {
    const f = objectAt(e, `findings[${i}]`);
    return { column: stringAt(f.column, `findings[${i}].column`), check: stringAt(f.check, `findings[${i}].check`), sentence: stringAt(f.sentence, `findings[${i}].sentence`) };
  });
  const exclusions = arrayAt(r.exclusions, 'exclusions').map((e, i) => {
    const x = objectAt(e, `exclusions[${i}]`);
    return { column: stringAt(x.column, `exclusions[${i}].column`), reason: stringAt(x.reason, `exclusions[${i}].reason`) };
  });
  const record: RunRecord = {
    version: runRecordVersion,
    id,
    page: oneOf(r.page, runPages, 'page'),
    kind,
    status: oneOf(r.status, ['done', 'cancelled'] as const, 'status'),
    run,
    startedAt: finiteAt(r.startedAt, 'startedAt'),
    finishedAt: finiteAt(r.finishedAt, 'finishedAt'),
    seconds: numberAt(r.seconds, 'seconds'),
    task: oneOf(r.task, ['regression', 'classification', 'clustering'] as const, 'task'),
    target: stringAt(r.target, 'target'),
    features: arrayAt(r.features, 'features').map((f, i) => stringAt(f, `features[${i}]`)),
    model: stringAt(r.model, 'model'),
    params: paramsAt(r.params, 'params'),
    settings: paramsAt(r.settings, 'settings'),
    metrics: metricsAt(r.metrics),
    perFold: perFoldAt(r.perFold),
    foldKey: r.foldKey === null ? null : stringAt(r.foldKey, 'foldKey'),
    exclusions,
    findings,
    backend: stringAt(r.backend, 'backend'),
    appVersion: stringAt(r.appVersion, 'appVersion'),
    data: dataAt(r.data),
  };
  if (r.progress !== undefined) {
    const p = objectAt(r.progress, 'progress');
    record.progress = { done: finiteAt(p.done, 'progress.done'), total: finiteAt(p.total, 'progress.total') };
  }
  if (r.trials !== undefined) record.trials = trialsAt(r.trials);
  if (r.baseline !== undefined) record.baseline = r.baseline === null ? null : numberAt(r.baseline, 'baseline');
  if (r.curves !== undefined) record.curves = readCurves(r.curves);
  return record;
}
