/**
 * The job table: every computation the app runs, by kind. The worker bridge, the page's pool, the
 * CLI and the unit tests all look a kind up here and call the same function; a new kind is one
 * entry. A run of a kind is described by a `RunConfig` (run-config.ts).
 */
import { checkModelJob, modelFileJob, scoreFileJob, scoreJob, segmentsFileJob, trainJob } from './jobs/artifact-jobs';
import { clvJob } from './jobs/clv-jobs';
import { counterfactualJob } from './jobs/counterfactual-job';
import { customerJob } from './jobs/customer-job';
import { driftJob } from './jobs/drift-jobs';
import { exportCodeJob } from './jobs/export-code-job';
import { exploreChartsJob, exploreJob, labelJob, parseJob, profileJob } from './jobs/data-jobs';
import { cvJob, explainJob, learningCurveJob, suspicionJob, tuneJob } from './jobs/model-jobs';
import { noiseJob, simulateJob } from './jobs/monitor-sim-jobs';
import { segmentJob, segmentViewJob, sweepJob } from './jobs/segment-jobs';
import type { JobSpec } from './job-spec';
import { isJobKind, jobKinds, type JobKind as PlacedKind } from './job-places';

/** Every job kind with its function. */
export const jobs = {
  parse: parseJob,
  profile: profileJob,
  explore: exploreJob,
  'explore-charts': exploreChartsJob,
  label: labelJob,
  cv: cvJob,
  'learning-curve': learningCurveJob,
  explain: explainJob,
  suspicion: suspicionJob,
  tune: tuneJob,
  train: trainJob,
  score: scoreJob,
  'score-file': scoreFileJob,
  'model-file': modelFileJob,
  'check-model': checkModelJob,
  'segments-file': segmentsFileJob,
  sweep: sweepJob,
  segment: segmentJob,
  'segment-view': segmentViewJob,
  customer: customerJob,
  counterfactual: counterfactualJob,
  clv: clvJob,
  drift: driftJob,
  simulate: simulateJob,
  noise: noiseJob,
  'export-code': exportCodeJob,
  // job-places.ts lists the same kinds (without their code) for the page's start-up.
} satisfies Record<PlacedKind, unknown>;

/** A job kind. */
export type JobKind = keyof typeof jobs;

/** Every job kind, in table order, and the check of a name (kept in job-places.ts, which has no job code). */
export { isJobKind, jobKinds };

type SpecOf<K extends JobKind> = (typeof jobs)[K];
/** The config of a kind (plain data). */
export type JobConfig<K extends JobKind> = SpecOf<K> extends JobSpec<infer _I, infer C, infer _R, infer _E> ? C : never;
/** The result of a kind. */
export type JobResult<K extends JobKind> = SpecOf<K> extends JobSpec<infer _I, infer _C, infer R, infer _E> ? R : never;
/** The events a kind sends while it runs. */
export type JobEvent<K extends JobKind> = SpecOf<K> extends JobSpec<infer _I, infer _C, infer _R, infer E> ? E : never;
/** The input of a kind: a table, a file or nothing. */
export type JobInput<K extends JobKind> = SpecOf<K> extends JobSpec<infer I, infer _C, infer _R, infer _E> ? I : never;

/** The spec of a kind, or an error naming the kinds there are. */
export function jobSpec<K extends JobKind>(kind: K): JobSpec<JobInput<K>, JobConfig<K>, JobResult<K>, JobEvent<K>> {
  if (!isJobKind(kind)) throw new Error(`Unknown job kind "${String(kind)}"; use one of: ${jobKinds.join(', ')}`);
  return jobs[kind] as unknown as JobSpec<JobInput<K>, JobConfig<K>, JobResult<K>, JobEvent<K>>;
}
