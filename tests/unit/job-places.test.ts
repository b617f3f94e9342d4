import { describe, expect, it } from 'vitest';
import { isJobKind, jobKinds, jobPlaces, runsOnPage } from '../../src/lib/runs/job-places';
import { jobs } from '../../src/lib/runs/jobs';

describe('job places (the job table without its code)', () => {
  it('lists every kind of the job table, in its order, with the place its spec states', () => {
    expect(jobKinds).toStrictEqual(Object.keys(jobs));
    for (const kind of jobKinds) expect([kind, jobPlaces[kind]]).toStrictEqual([kind, jobs[kind].runsOn]);
  });

  it('tells page jobs from worker jobs and refuses names that are no kind', () => {
    expect(runsOnPage('cv')).toBe(true);
    expect(runsOnPage('parse')).toBe(false);
    expect(isJobKind('constructor')).toBe(false);
    expect(isJobKind('__proto__')).toBe(false);
    expect(runsOnPage('nope' as never)).toBe(false);
  });
});
