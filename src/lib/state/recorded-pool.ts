/**
 * The app's pool, remembering runs: a model's cross-validation, a tuning search, a clustering
 * sweep and a retraining simulation run through `recordedPool().run(...)` are recorded in the run history when they finish, and
 * marked cancelled when they are stopped (with how far they got, and a search's finished trials).
 * Any other kind runs as it would on the pool. A failed run is not recorded: its error is shown.
 */
import { cvRecord, segmentRecord, tuneRecord, type RecordContext } from '../experiments/build-record';
import type { RunRecord } from '../experiments/run-record';
import { simulateRecord } from '../experiments/simulate-record';
import { isAbortError } from '../ml/core/abort';
import type { ProgressCallback } from '../ml/core/model';
import type { Table } from '../ml/core/table';
import type { Trial } from '../ml/evaluation/tuning/run-trials';
import type { SuspicionFinding } from '../ml/leakage/suspicion';
import type { JobEvent, JobInput, JobKind, JobResult } from '../runs/jobs';
import type { TuneEvent, TuneResult } from '../runs/jobs/model-jobs';
import type { RunConfig, RunConfigOf } from '../runs/run-config';
import type { RunHooks } from '../workers/pool';
import { appPool } from './app-pool';
import { appVersion, runHistory } from './run-history.svelte';

/** What a record takes from the page besides the run: the leakage suspicions shown with its settings. */
export interface RecordExtras {
  findings?: readonly SuspicionFinding[];
}

/** Something that runs RunConfigs like the pool. */
export interface RunsJobs {
  run<K extends JobKind>(run: RunConfigOf<K>, input: JobInput<K>, hooks?: RunHooks<JobEvent<K>>): Promise<JobResult<K>>;
}

/** What a run left behind: its result (null when cancelled), its progress, a search's trials. */
interface Ending {
  result: unknown;
  context: RecordContext;
  trials: Trial[];
  best: Trial | null;
  baseline: number | null;
}

/** The record of a recorded kind, or null for kinds that are not recorded. */
function recordOf(run: RunConfig, ending: Ending): RunRecord | null {
  const { result, context } = ending;
  switch (run.kind) {
    case 'cv':
      return cvRecord(run, result as JobResult<'cv'> | null, context);
    case 'segment':
      return segmentRecord(run, result as JobResult<'segment'> | null, context);
    case 'simulate':
      return simulateRecord(run, result as JobResult<'simulate'> | null, context);
    case 'tune': {
      const done = result as TuneResult | null;
      const outcome = done ?? { trials: ending.trials, best: ending.best, baseline: ending.baseline, cancelled: true };
      return tuneRecord(run, { ...outcome, cancelled: done ? done.cancelled : true }, context);
    }
    default:
      return null;
  }
}

const recordedKinds = new Set<JobKind>(['cv', 'tune', 'segment', 'simulate']);

/**
 * The app's pool, recording the runs of recorded kinds (see the file's comment).
 * @param extras what the page knows about the run that its result does not hold
 */
export function recordedPool(extras: RecordExtras = {}): RunsJobs {
  return {
    async run<K extends JobKind>(run: RunConfigOf<K>, input: JobInput<K>, hooks: RunHooks<JobEvent<K>> = {}): Promise<JobResult<K>> {
      if (!recordedKinds.has(run.kind)) return appPool().run(run, input, hooks);
      const startedAt = Date.now();
      const columns = ((input as Table | null)?.columns ?? []).map((c) => ({ name: c.name, type: c.type }));
      const findings = extras.findings ? [...extras.findings] : undefined;
      const ending: Ending = { result: null, context: { startedAt, finishedAt: startedAt, appVersion, columns, findings }, trials: [], best: null, baseline: null };
      const onProgress: ProgressCallback = (done, total, note, values) => {
        ending.context.progress = { done, total };
        hooks.onProgress?.(done, total, note, values);
      };
      const onEvent = (event: JobEvent<K>) => {
        if (run.kind === 'tune') {
          const e = event as TuneEvent;
          if (e.kind === 'baseline') ending.baseline = e.score;
          else ((ending.trials = [...ending.trials, e.trial]), (ending.best = e.best));
        }
        hooks.onEvent?.(event);
      };
      const finish = (result: unknown): void => {
        ending.result = result;
        ending.context.finishedAt = Date.now();
        const record = recordOf(run as RunConfig, ending);
        if (record) void runHistory.add(record);
      };
      try {
        const result = await appPool().run(run, input, { ...hooks, onProgress, onEvent });
        finish(result);
        return result;
      } catch (error) {
        if (isAbortError(error)) finish(null);
        throw error;
      }
    },
  };
}
