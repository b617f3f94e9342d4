/**
 * A model file and what a list of saved models shows about it: the compact text a download holds
 * (artifact-codec.ts) with its name, task, target, model kind and metrics read once, so a list never
 * decodes a model. Made where the model is (a worker), so the page never holds the trees.
 */
import { encodeArtifact } from './artifact-codec';
import type { ArtifactSource, ModelArtifact } from './artifact';
import { encodeSegmentArtifact, isSegmentArtifact, type AnyArtifact, type SegmentArtifact } from './artifact-segments';

/** A saved model as the list shows it. */
export interface SavedModelInfo {
  id: string;
  name: string;
  /** When the model was trained (ISO 8601, from the artifact). */
  createdAt: string;
  /** When it was saved in this browser (epoch milliseconds). */
  savedAt: number;
  /** What it gives a row: a number, a class, or a segment and persona. */
  task: 'regression' | 'classification' | 'segments';
  /** The predicted column ('' for a segmentation). */
  target: string;
  /** Model kind (rf, ridge…; 'kmeans' for a segmentation). */
  model: string;
  /** A segmentation: its persona names, one per segment. */
  personas?: string[];
  /** Binary classification: the positive class and the threshold of `label`. */
  positive?: string;
  threshold?: number;
  /** Columns a file to score must have. */
  inputs: string[];
  /** Rows it was trained on. */
  rows: number;
  /** Cross-validation means ± std by metric, when it was saved from a run. */
  cv: { metric: string; mean: number; std: number }[];
  /** Metrics on the held-out test rows, when the run kept some out. */
  test: { metric: string; value: number }[];
  source?: ArtifactSource | { page: 'segments' };
  /** Characters of the model file. */
  size: number;
}

/** A model file's text with its list entry (`savedAt` 0 until a store keeps it). */
export interface ModelFile {
  text: string;
  info: SavedModelInfo;
}

/** The model file of `artifact` (a model or a segmentation): its compact text and list entry, its id a hash of the text. */
export function modelFileOf(artifact: AnyArtifact): ModelFile {
  if (isSegmentArtifact(artifact)) {
    const text = encodeSegmentArtifact(artifact);
    return { text, info: segmentsInfo(artifact, text, `model-${textHash(text)}`, 0) };
  }
  const text = encodeArtifact(artifact);
  return { text, info: savedModelInfo(artifact, text, `model-${textHash(text)}`, 0) };
}

/** The list entry of a saved segmentation. */
export function segmentsInfo(artifact: SegmentArtifact, text: string, id: string, savedAt: number): SavedModelInfo {
  const { k } = artifact.scorer;
  return {
    id,
    name: artifact.name ?? `${k} segments of ${artifact.config.features.join(', ')}`,
    createdAt: artifact.createdAt,
    savedAt,
    task: 'segments',
    target: '',
    model: 'kmeans',
    personas: [...artifact.personas],
    inputs: artifact.inputs.map((i) => i.name),
    rows: artifact.rows,
    cv: [],
    test: [],
    source: { page: 'segments' },
    size: text.length,
  };
}

/** The list entry of `artifact` saved as `text` under `id`. */
export function savedModelInfo(artifact: ModelArtifact, text: string, id: string, savedAt: number): SavedModelInfo {
  const { target } = artifact;
  const cv = metricList(artifact.metrics?.cv).map(([metric, v]) => ({ metric, mean: numberOf(v, 'mean'), std: numberOf(v, 'std') }));
  const test = metricList(artifact.metrics?.test).flatMap(([metric, v]) => (typeof v === 'number' ? [{ metric, value: v }] : []));
  return {
    id,
    name: artifact.name ?? `${target.name}${target.positive !== undefined ? ` = ${target.positive}` : ''}, ${artifact.model.kind}`,
    createdAt: artifact.createdAt,
    savedAt,
    task: target.task,
    target: target.name,
    model: artifact.model.kind,
    ...(target.positive !== undefined && { positive: target.positive, threshold: artifact.threshold ?? 0.5 }),
    inputs: artifact.inputs.map((i) => i.name),
    rows: artifact.training.rows,
    cv,
    test,
    ...(artifact.source && { source: artifact.source }),
    size: text.length,
  };
}

/** `[name, value]` pairs of a metrics object (own properties only), or none. */
function metricList(value: unknown): [string, unknown][] {
  return value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
}

function numberOf(value: unknown, key: 'mean' | 'std'): number {
  const v = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof v === 'number' ? v : NaN;
}

/** 16 hex digits of a 64-bit FNV-1a-style hash of `text` (two 32-bit lanes). */
export function textHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ (c + 0x9e3779b9), 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

