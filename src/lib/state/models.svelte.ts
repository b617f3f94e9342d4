/**
 * Saved models: "Save model" on a finished Predict or Risk run fits the shown model on every row
 * in a worker (the 'model-file' job; "Save segmentation" on Segments: 'segments-file') and keeps its artifact in this browser (io/model-store.ts) with
 * the run it came from; the models section lists, deletes, downloads and uploads them, and scores
 * a CSV file with one in a worker (the 'score-file' job). When the browser keeps nothing (private
 * window, no room), a model is kept for this session only and an alert says so.
 */
import { keepFailureOf } from '../io/file-store';
import { ModelStore, type SavedModelInfo } from '../io/model-store';
import { errorMessage } from '../ml/core/abort';
import type { Table } from '../ml/core/table';
import type { CvResult } from '../ml/evaluation/cv/cross-validate';
import type { DerivedFormula } from '../ml/features/derived-columns';
import { parseFormula } from '../ml/features/formula/parser';
import type { SegmentationConfig, SegmentationResult } from '../ml/segments/segmentation';
import type { ScoredFile } from '../runs/artifact-file';
import type { ModelFile } from '../runs/artifact-summary';
import type { TrainJobConfig } from '../runs/jobs/artifact-jobs';
import type { CvJobResult } from '../runs/jobs/model-jobs';
import { makeRunConfig, runKey, type RunConfigOf } from '../runs/run-config';
import { appPool } from './app-pool';
import { dataset } from './dataset.svelte';
import { JobRun } from './job-run.svelte';

/** The pages that save models. */
export type SavingPage = 'predict' | 'risk';

/** What "Save model" fits: the shown result's run, on the table it ran on. */
export interface SaveRequest {
  run: RunConfigOf<'cv'>;
  result: CvResult;
  table: Table;
  /** Binary classification: the positive class is the label from this probability up (default 0.5). */
  threshold?: number;
  name?: string;
}

/** What "Save segmentation" keeps: the segmentation shown, its table, the persona names as edited. */
export interface SegmentsSaveRequest {
  result: SegmentationResult;
  table: Table;
  personas: readonly string[];
  name?: string;
}

let nextAssignment = 0;

/** A scored file with the model that scored it. */
export type ScoredWith = ScoredFile & { model: SavedModelInfo };

/** A message about storage or a file the user must read. */
export interface ModelsNote {
  text: string;
  isError: boolean;
}

/** The formulas of the dataset's added columns that a model can recompute on a new file (merged categories cannot). */
export function derivedFormulas(loaded: Table | null, derived: readonly { column: { name: string }; formula: string; sources: string[] }[]): DerivedFormula[] {
  const loadedNames = new Set(loaded?.columns.map((c) => c.name) ?? []);
  return derived.flatMap((d) => {
    if (loadedNames.has(d.column.name)) return [];
    try {
      parseFormula(d.formula);
    } catch {
      return [];
    }
    return [{ name: d.column.name, formula: d.formula, sources: [...d.sources] }];
  });
}

/** A file name made of `text` (letters, digits, dashes and underscores). */
export function fileNameOf(text: string): string {
  return text.replace(/[^\p{L}\p{N}_-]+/gu, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'model';
}

class Models {
  /** Saved models, the newest first (this browser's, then any kept for the session only). */
  list = $state.raw<SavedModelInfo[]>([]);
  /** 'idle' until first read, then 'ready'. */
  status = $state<'idle' | 'loading' | 'ready'>('idle');
  note = $state.raw<ModelsNote | null>(null);
  /** Saving from each page: fitting on every row (or the segmentation's centres), then storing. */
  readonly saving: Record<SavingPage | 'segments', JobRun<SavedModelInfo>> = { predict: new JobRun(), risk: new JobRun(), segments: new JobRun() };
  /** Scoring a file. */
  readonly scoring = new JobRun<ScoredWith>();
  /** Is anything of the models section running (the Experiments page's aria-busy)? */
  busy = $derived(this.scoring.running || this.status === 'loading');

  readonly #store = new ModelStore();
  /** Models the browser would not keep: text by id, for this session. */
  readonly #session = new Map<string, { info: SavedModelInfo; text: string }>();

  /** Reads the list of saved models (once, unless `force`). */
  async load(force = false): Promise<void> {
    if (this.status !== 'idle' && !force) return;
    this.status = 'loading';
    let stored: SavedModelInfo[] = [];
    try {
      stored = await this.#store.list();
    } catch (error) {
      this.#storageNote(error, 'Saved models cannot be read in this browser');
    }
    const session = [...this.#session.values()].map((s) => s.info);
    this.list = [...session, ...stored.filter((m) => !this.#session.has(m.id))].sort((a, b) => b.savedAt - a.savedAt);
    this.status = 'ready';
  }

  /** Fits the shown model of a page's run on every row in a worker and saves it; a newer save or `cancelSave` stops it. */
  save(page: SavingPage, request: SaveRequest): void {
    const { run, result, table } = request;
    const c = run.config;
    const config: TrainJobConfig = {
      target: c.target,
      task: c.task,
      model: c.model,
      features: [...result.features],
      ...(c.modelOptions && { modelOptions: c.modelOptions }),
      ...(c.positive !== undefined && { positive: c.positive }),
      ...(c.label && { label: c.label }),
      ...(c.imbalance && { imbalance: c.imbalance }),
      ...(c.preprocess && { preprocess: c.preprocess }),
      ...(request.threshold !== undefined && { threshold: request.threshold }),
      derived: derivedFormulas(dataset.loaded, dataset.derived),
      metrics: {
        cv: Object.fromEntries(Object.entries(result.metrics).map(([k, v]) => [k, { mean: v.mean, std: v.std }])),
        ...((result as CvJobResult).test && { test: (result as CvJobResult).test?.metrics }),
      },
      ...(run.data && { data: run.data }),
      ...(request.name?.trim() && { name: request.name.trim() }),
      source: { page, run },
    };
    // The worker trains and writes the model file: the page never holds (or encodes) the trees.
    const train = makeRunConfig('model-file', config, { seed: run.seed, data: run.data });
    void this.saving[page].start(runKey(train), async (h) => this.#keep(await appPool().run(train, table, { signal: h.signal, onProgress: h.onProgress })));
  }

  /**
   * Saves the segmentation shown on the Segments page (its k, its rows' segments and the persona
   * names as edited) as a model file that assigns a new file's customers: made in a worker.
   */
  saveSegments(request: SegmentsSaveRequest): void {
    const { result, table } = request;
    const assignment = `segments-${nextAssignment++}`;
    const run = makeRunConfig(
      'segments-file',
      {
        segment: (({ seed: _seed, ...rest }) => rest)($state.snapshot(result.config) as SegmentationConfig),
        k: result.k,
        assignment,
        personas: [...request.personas],
        ...(request.name?.trim() && { name: request.name.trim() }),
        ...(dataset.fingerprint && { data: dataset.fingerprint }),
      },
      { seed: result.config.seed },
    );
    void this.saving.segments.start(runKey(run), async (h) => {
      try {
        return this.#keep(await appPool().run(run, table, { signal: h.signal, resources: new Map([[assignment, result.segmentOfRow]]) }));
      } finally {
        appPool().release(assignment);
      }
    });
  }

  /** Stops a page's save under way (its worker is terminated; nothing is stored). */
  cancelSave(page: SavingPage | 'segments'): void {
    this.saving[page].cancel();
  }

  /** Deletes a saved model. */
  async remove(id: string): Promise<void> {
    this.note = null;
    if (this.#session.delete(id)) {
      this.list = this.list.filter((m) => m.id !== id);
      return;
    }
    try {
      await this.#store.remove(id);
      this.list = this.list.filter((m) => m.id !== id);
    } catch (error) {
      this.#storageNote(error, 'The model could not be deleted');
    }
  }

  /** A saved model's file text (what a download holds), or null when it is gone. */
  async text(id: string): Promise<string | null> {
    const kept = this.#session.get(id);
    if (kept) return kept.text;
    try {
      return await this.#store.text(id);
    } catch (error) {
      this.#storageNote(error, 'The model could not be read');
      return null;
    }
  }

  /**
   * Adds a model file the user picked, checked in a worker: refused with a message unless it is a
   * model file this version reads whose model loads (so it predicts here exactly as where it was made).
   */
  async upload(file: Blob, name: string): Promise<SavedModelInfo | null> {
    this.note = null;
    let checked: ModelFile;
    try {
      checked = await appPool().run(makeRunConfig('check-model', { name }), file, { inline: true, urgent: true });
    } catch (error) {
      this.note = { text: `${name}: ${errorMessage(error)}`, isError: true };
      return null;
    }
    const info = await this.#keep(checked);
    if (!this.note) this.note = { text: `${name}: added “${info.name}”.`, isError: false };
    return info;
  }

  /** Scores `file` with saved model `id` in a worker; a missing or mistyped column fails with a message naming it. */
  score(id: string, file: Blob, name: string): void {
    const info = this.list.find((m) => m.id === id);
    if (!info) return;
    void this.scoring.start(`${id} ${name} ${file.size}`, async (h) => {
      const text = await this.text(id);
      if (text === null) throw new Error(`The model “${info.name}” is no longer saved in this browser`);
      const resource = `saved-${id}`;
      const run = makeRunConfig('score-file', { model: resource, name });
      try {
        // The model goes as its file's text and is decoded in the worker.
        const scored = await appPool().run(run, file, { signal: h.signal, onProgress: h.onProgress, resources: new Map([[resource, text]]), inline: true });
        return { ...scored, model: info };
      } finally {
        appPool().release(resource);
      }
    });
  }

  /** Stores a model file (or keeps it for the session when the browser will not) and lists it first. */
  async #keep(file: ModelFile): Promise<SavedModelInfo> {
    let info: SavedModelInfo;
    try {
      info = await this.#store.saveFile(file);
    } catch (error) {
      info = { ...file.info, savedAt: Date.now() };
      this.#session.set(info.id, { info, text: file.text });
      this.#storageNote(error, `“${info.name}” is kept for this session only`);
    }
    this.list = [info, ...this.list.filter((m) => m.id !== info.id)];
    return info;
  }

  #storageNote(error: unknown, what: string): void {
    const why = {
      full: 'the browser has no room left for this site',
      unavailable: 'this browser does not let the page keep data (a private window, or site data blocked)',
      failed: errorMessage(error),
    }[keepFailureOf(error)];
    this.note = { text: `${what}: ${why}.`, isError: true };
  }
}

/** The app's saved models. */
export const models = new Models();
