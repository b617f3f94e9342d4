/**
 * The Report page's numbers from saved models: the user picks a saved model for risk or spend, and
 * the current table is scored with it by the 'score' job in a worker (progress, cancel), once per
 * model and table.
 */
import { decodeArtifact } from '../runs/artifact-codec';
import type { ScoreResult } from '../runs/artifact';
import { makeRunConfig } from '../runs/run-config';
import type { SavedModelInfo } from '../runs/artifact-summary';
import { appPool } from './app-pool';
import { dataset } from './dataset.svelte';
import { JobRun } from './job-run.svelte';
import { models } from './models.svelte';

/** A saved model's scores of the current table. */
export interface SavedScores {
  info: SavedModelInfo;
  result: ScoreResult;
}

/** Scores of one part of the report (risk or spend) with the saved model the user picked ('' = the page's latest run). */
export class SavedSource {
  chosen = $state('');
  readonly job = new JobRun<SavedScores>();
  /** The scores of the chosen model on the current table, when they are there. */
  scores = $derived.by((): SavedScores | null => (this.chosen && this.job.isCurrent(this.#key(this.chosen)) ? this.job.result : null));

  /** Picks a saved model ('' = none) and scores the current table with it. */
  choose(id: string): void {
    this.chosen = id;
    if (!id) return this.job.cancel();
    const table = dataset.table;
    const info = models.list.find((m) => m.id === id);
    if (!table || !info) return;
    const key = this.#key(id);
    if (this.job.isCurrent(key) || this.job.runningKey === key) return;
    void this.job.start(key, async (h) => {
      const text = await models.text(id);
      if (text === null) throw new Error(`The saved model “${info.name}” can no longer be read`);
      const resources = new Map([[id, decodeArtifact(text)]]);
      h.onProgress(0, table.rowCount, `scoring with ${info.name}`);
      const result = await appPool().run(makeRunConfig('score', { model: id }), table, { signal: h.signal, onProgress: h.onProgress, resources });
      return { info, result };
    });
  }

  #key(id: string): string {
    return `${id} ${dataset.fingerprint?.hash ?? ''}`;
  }
}
