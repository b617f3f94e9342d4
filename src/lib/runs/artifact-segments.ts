/**
 * A saved segmentation: the segments of a Segments run (their centres, the scaling and category
 * encoding of the chosen columns, the persona names) as a model file that puts a new file's
 * customers in the same segments. Plain JSON (it holds no long arrays); `decodeModelFile` reads
 * either kind of model file.
 */
import { getColumn, type Table } from '../ml/core/table';
import type { TableFingerprint } from '../ml/data/fingerprint';
import { assignSegments, fitSegmentScorer, type SegmentScorer } from '../ml/segments/segment-scorer';
import type { SegmentationConfig } from '../ml/segments/segmentation';
import type { ArtifactInput, ModelArtifact } from './artifact';
import { decodeArtifact } from './artifact-codec';
import { stableJson } from './stable-json';

/** The `format` tag of a saved segmentation. */
export const segmentsFormat = 'customer-intelligence/segments';

/** A segmentation saved to assign new customers. */
export interface SegmentArtifact {
  format: typeof segmentsFormat;
  version: 1;
  /** ISO 8601 time it was saved. */
  createdAt: string;
  name?: string;
  scorer: SegmentScorer;
  /** Persona name of each segment, as the page showed it. */
  personas: string[];
  /** The chosen columns as they were: a file to assign needs each. */
  inputs: ArtifactInput[];
  /** Rows the segmentation clustered. */
  rows: number;
  /** The run's settings (columns, scaling, categorical weight, seed…). */
  config: SegmentationConfig;
  data?: TableFingerprint;
}

/** Either kind of saved model. */
export type AnyArtifact = ModelArtifact | SegmentArtifact;

/** Is this saved model a segmentation? */
export function isSegmentArtifact(artifact: AnyArtifact): artifact is SegmentArtifact {
  return artifact.format === segmentsFormat;
}

/** What saving a segmentation needs: the run's settings, the k shown and each row's segment. */
export interface SegmentsSpec {
  config: SegmentationConfig;
  k: number;
  segmentOfRow: Int32Array;
  personas: string[];
  name?: string;
  createdAt?: string;
  data?: TableFingerprint;
}

/** Saves the segmentation of `table` shown with `spec.k` segments. */
export function segmentArtifact(table: Table, spec: SegmentsSpec): SegmentArtifact {
  const { config, k } = spec;
  if (spec.personas.length !== k) throw new Error(`${k} segments need ${k} persona names, got ${spec.personas.length}`);
  const options = { scale: config.scale, ...(config.categoricalWeight !== undefined && { categoricalWeight: config.categoricalWeight }) };
  const scorer = fitSegmentScorer(table, config.features, options, k, spec.segmentOfRow);
  const inputs = config.features.map((name): ArtifactInput => {
    const column = getColumn(table, name);
    return { name, type: column.type, storage: column.storage };
  });
  return {
    format: segmentsFormat,
    version: 1,
    createdAt: spec.createdAt ?? new Date().toISOString(),
    ...(spec.name !== undefined && { name: spec.name }),
    scorer,
    personas: [...spec.personas],
    inputs,
    rows: scorer.sizes.reduce((s, v) => s + v, 0),
    config,
    ...(spec.data && { data: spec.data }),
  };
}

/**
 * Checks that `table` has every column the segmentation reads, numeric ones as numbers and
 * categorical ones as categories or yes/no; throws a message naming the column and the file.
 */
export function checkSegmentColumns(artifact: SegmentArtifact, table: Table): void {
  const present = new Set(table.columns.map((c) => c.name));
  const names = artifact.inputs.map((i) => i.name);
  const missing = names.filter((n) => !present.has(n));
  if (missing.length) {
    const what = missing.length > 1 ? `Columns ${missing.map((n) => `"${n}"`).join(', ')} are` : `Column "${missing[0]}" is`;
    throw new Error(`${what} missing from ${table.name}; the segmentation needs: ${names.join(', ')}`);
  }
  for (const name of artifact.scorer.numeric) {
    const column = getColumn(table, name);
    if (column.storage !== 'number' || column.type === 'date') {
      throw new Error(`Column "${name}" is ${column.storage === 'category' ? `${column.type} (text values)` : column.type} in ${table.name}, but the segmentation used it as numeric`);
    }
  }
  for (const { column: name } of artifact.scorer.encodings) {
    const column = getColumn(table, name);
    if (column.storage === 'number' && column.type === 'date') throw new Error(`Column "${name}" is a date in ${table.name}, but the segmentation used it as categorical`);
  }
}

/** Each row's segment number (1-based, 0 for rows left out) and persona. */
export interface SegmentScores {
  /** Segment index of each row (0-based), −1 where a chosen column has no value. */
  segment: Int32Array;
  personas: string[];
}

/** Assigns every row of `table` to a saved segmentation's segments (after checking its columns). */
export function scoreSegments(artifact: SegmentArtifact, table: Table): SegmentScores {
  checkSegmentColumns(artifact, table);
  return { segment: assignSegments(artifact.scorer, table).segment, personas: artifact.personas };
}

/** The model file's text of a segmentation (keys sorted: the same segmentation gives the same text wherever its settings came from). */
export function encodeSegmentArtifact(artifact: SegmentArtifact): string {
  return stableJson(artifact);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Reads a saved segmentation from parsed JSON, checking that its parts fit together. */
function readSegmentArtifact(parsed: Record<string, unknown>): SegmentArtifact {
  if (parsed.version !== 1) {
    const which = typeof parsed.version === 'number' ? `version ${parsed.version}` : 'of no known version';
    throw new Error(`This segmentation file is ${which}; this app reads version 1`);
  }
  const damaged = (what: string) => new Error(`This segmentation file is damaged: ${what}`);
  const s = parsed.scorer;
  if (!isObject(s)) throw damaged('"scorer" is missing or invalid');
  const { k, d } = s;
  if (!(Number.isInteger(k) && (k as number) > 0 && Number.isInteger(d) && (d as number) > 0)) throw damaged('k and d must be positive whole numbers');
  if (!isNumbers(s.centroids) || s.centroids.length !== (k as number) * (d as number)) throw damaged(`the centres are not ${String(k)} × ${String(d)} numbers`);
  if (!isStrings(s.features) || !isStrings(s.numeric) || !isNumbers(s.offset) || !isNumbers(s.divisor) || s.offset.length !== s.numeric.length || s.divisor.length !== s.numeric.length) {
    throw damaged('the scaling does not match the numeric columns');
  }
  if (!Array.isArray(s.encodings) || !s.encodings.every((e) => isObject(e) && typeof e.column === 'string' && isStrings(e.levels) && isNumbers(e.shares) && typeof e.scale === 'number')) {
    throw damaged('a category encoding is invalid');
  }
  const width = s.numeric.length + (s.encodings as { kind: string; levels: string[] }[]).reduce((sum, e) => sum + (e.kind === 'flag' ? 1 : e.levels.length), 0);
  if (width !== d) throw damaged(`its columns make ${width} matrix columns, its centres have ${String(d)}`);
  if (!isStrings(parsed.personas) || parsed.personas.length !== k) throw damaged(`it needs ${String(k)} persona names`);
  if (!Array.isArray(parsed.inputs) || !parsed.inputs.every((i) => isObject(i) && typeof i.name === 'string')) throw damaged('"inputs" is missing or invalid');
  if (typeof parsed.createdAt !== 'string' || !isObject(parsed.config)) throw damaged('"createdAt" or "config" is missing');
  return parsed as unknown as SegmentArtifact;
}

/** Reads either kind of model file (a model, or a segmentation); throws a clear message on anything else. */
export function decodeModelFile(text: string): AnyArtifact {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('Not a Customer Intelligence model file: it is not JSON');
  }
  if (isObject(parsed) && parsed.format === segmentsFormat) return readSegmentArtifact(parsed);
  return decodeArtifact(text);
}
