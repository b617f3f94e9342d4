/**
 * Every job kind and where it runs, without the jobs' code: the page's start-up imports this (to
 * check a kind, and to know whether a job coordinates from the page or runs whole on a worker) and
 * loads the job table itself (jobs.ts, all of the app's algorithms) only when a job runs on the page.
 * jobs.ts checks at compile time that it lists the same kinds; a unit test checks the places.
 */

/** Each job kind with where it runs: 'worker' whole on a pool worker, 'page' coordinating parts from the page. */
export const jobPlaces = {
  parse: 'worker',
  profile: 'worker',
  explore: 'worker',
  'explore-charts': 'worker',
  label: 'worker',
  cv: 'page',
  'learning-curve': 'page',
  explain: 'page',
  suspicion: 'page',
  tune: 'page',
  train: 'worker',
  score: 'worker',
  'score-file': 'worker',
  'model-file': 'worker',
  'check-model': 'worker',
  'segments-file': 'worker',
  sweep: 'worker',
  segment: 'worker',
  'segment-view': 'worker',
  customer: 'page',
  counterfactual: 'worker',
  clv: 'worker',
  drift: 'worker',
  simulate: 'worker',
  noise: 'worker',
  'export-code': 'worker',
} as const satisfies Record<string, 'worker' | 'page'>;

/** A job kind. */
export type JobKind = keyof typeof jobPlaces;

/** Every job kind, in table order. */
export const jobKinds = Object.keys(jobPlaces) as JobKind[];

/** Is `name` a job kind? */
export function isJobKind(name: string): name is JobKind {
  return Object.hasOwn(jobPlaces, name);
}

/** Does a job of `kind` coordinate its parts from the page (rather than run whole on one worker)? */
export function runsOnPage(kind: JobKind): boolean {
  return isJobKind(kind) && jobPlaces[kind] === 'page';
}
