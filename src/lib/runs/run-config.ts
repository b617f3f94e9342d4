/**
 * `RunConfig`: the description of one computation the app runs, as plain data: which job kind,
 * on which data (a fingerprint, never the data), with which seed and settings. It round-trips
 * through JSON and fits in a URL hash, so a run can be stored, shared and run again to the same
 * numbers. The CLI, the pages and the tests all describe their runs this way.
 */
import { decodeBase64, encodeBase64 } from '../ml/core/base64';
import type { TableFingerprint } from '../ml/data/fingerprint';
import { isJobKind, jobKinds } from './job-places';
import type { JobConfig, JobKind } from './jobs';
import { stableJson } from './stable-json';

/** The RunConfig version this code writes and reads. */
export const runConfigVersion = 1;

/** Identifies a dataset without holding it: its name, shape and a hash of its columns' names, types and values (ml/data/fingerprint.ts). */
export type { TableFingerprint as DataFingerprint };

/** One run of job kind `K`. */
export interface RunConfigOf<K extends JobKind> {
  version: typeof runConfigVersion;
  kind: K;
  /** The data it ran on; null when the job reads no table (e.g. parsing a file). */
  data: TableFingerprint | null;
  /** Seed of every random choice of the run (folds, forests, K-Means starts…). */
  seed: number;
  config: JobConfig<K>;
}

/** A run of any kind. */
export type RunConfig = { [K in JobKind]: RunConfigOf<K> }[JobKind];

/**
 * Describes a run of `kind` with `config`.
 * @param options seed (default 0) and the data fingerprint (default null)
 */
export function makeRunConfig<K extends JobKind>(kind: K, config: JobConfig<K>, options: { seed?: number; data?: TableFingerprint | null } = {}): RunConfigOf<K> {
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new Error(`A run's seed must be a whole number, got ${String(seed)}`);
  return { version: runConfigVersion, kind, data: options.data ?? null, seed, config };
}

/** The run as JSON text (keys sorted, so equal runs give equal text). */
export function runConfigToJson(run: RunConfig): string {
  return stableJson(run);
}

/** Reads a run from JSON text (or an already parsed value), checking its version, kind, seed and fingerprint. */
export function runConfigFromJson(text: string | unknown): RunConfig {
  let value: unknown = text;
  if (typeof text === 'string') {
    try {
      value = JSON.parse(text);
    } catch {
      throw new Error('This run description is not valid JSON');
    }
  }
  const run = value as Partial<RunConfigOf<JobKind>> | null;
  if (!run || typeof run !== 'object' || Array.isArray(run)) throw new Error('A run description must be a JSON object');
  if (run.version !== runConfigVersion) {
    throw new Error(typeof run.version === 'number' ? `This run description is version ${run.version}; this app reads version ${runConfigVersion}` : 'A run description needs a version');
  }
  if (typeof run.kind !== 'string' || !isJobKind(run.kind)) throw new Error(`Unknown job kind "${String(run.kind)}"; use one of: ${jobKinds.join(', ')}`);
  if (!Number.isSafeInteger(run.seed)) throw new Error(`A run's seed must be a whole number, got ${String(run.seed)}`);
  if (!run.config || typeof run.config !== 'object' || Array.isArray(run.config)) throw new Error(`The run's config must be an object`);
  const data = run.data;
  if (data !== null) {
    const ok = !!data && typeof data === 'object' && typeof data.name === 'string' && Number.isInteger(data.rows) && Number.isInteger(data.cols) && typeof data.hash === 'string';
    if (!ok) throw new Error('The run names its data without name, rows, cols and hash');
  }
  return run as RunConfig;
}

const hashPrefix = 'run=';

/** The run as a URL hash fragment (`run=` + base64url of its JSON), e.g. for a link that re-opens it. */
export function runConfigToHash(run: RunConfig): string {
  const bytes = new TextEncoder().encode(runConfigToJson(run));
  return hashPrefix + encodeBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Reads a run back from `runConfigToHash`'s text (with or without a leading `#` or path before `run=`). */
export function runConfigFromHash(hash: string): RunConfig {
  const at = hash.indexOf(hashPrefix);
  if (at < 0) throw new Error('This link holds no run (no "run=" in it)');
  const encoded = hash.slice(at + hashPrefix.length).split('&')[0].replace(/-/g, '+').replace(/_/g, '/');
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(encoded + '='.repeat((4 - (encoded.length % 4)) % 4));
  } catch {
    throw new Error('The run in this link is damaged (not base64)');
  }
  return runConfigFromJson(new TextDecoder().decode(bytes));
}

/** A key equal for equal runs (the settings a result belongs to). */
export function runKey(run: RunConfig): string {
  return runConfigToJson(run);
}

/** A key equal for equal lists of runs (a page's models run together). */
export function runsKey(runs: readonly RunConfig[]): string {
  return stableJson(runs);
}
