/**
 * 'counterfactual': what would change one customer's outcome. The input is the customer's one-row
 * profile table; the risk model is a resource the worker already holds; every candidate profile the
 * search tries is scored here in batches, so the page stays free while it searches.
 */
import type { Table } from '../../ml/core/table';
import { findCounterfactual, type ActionableFeature, type Counterfactual } from '../../ml/customer/counterfactual';
import { cellValue, profilesTable } from '../../ml/customer/profile-row';
import { loadArtifact, score, type LoadedArtifact, type ModelArtifact } from '../artifact';
import { defineJob } from '../job-spec';

/** The risk model, the actionable features with their ranges, and the threshold to get below. */
export interface CounterfactualJobConfig {
  /** Resource id of a binary classifier's artifact. */
  model: string;
  features: ActionableFeature[];
  /** Default 0.5. */
  threshold?: number;
}

const loaded = new WeakMap<ModelArtifact, Promise<LoadedArtifact>>();

/** 'counterfactual': the smallest change to the actionable features that brings the risk below the threshold. */
export const counterfactualJob = defineJob({
  title: 'find what would change the outcome',
  input: 'table',
  runsOn: 'worker',
  async run(table: Table, config: CounterfactualJobConfig, ctx): Promise<Counterfactual> {
    if (table.rowCount !== 1) throw new Error(`A counterfactual is for one customer; the table has ${table.rowCount} rows`);
    const artifact = ctx.resource<ModelArtifact>(config.model);
    if (artifact.target.classes?.length !== 2) throw new Error('What would change the outcome needs a yes/no risk model');
    let model = loaded.get(artifact);
    if (!model) loaded.set(artifact, (model = loadArtifact(artifact)));
    const ready = await model;
    const shapes = table.columns.map((c) => ({ name: c.name, type: c.type, storage: c.storage, ...(c.storage === 'number' && c.labels ? { labels: c.labels } : {}) }));
    const profile = new Map(table.columns.map((c) => [c.name, cellValue(c, 0)]));
    return findCounterfactual(profile, config.features, async (profiles) => {
      const scored = await score(ready, profilesTable(shapes, profiles));
      if (!scored.positiveProbability) throw new Error('The risk model gives no probability');
      return scored.positiveProbability;
    }, { ...(config.threshold === undefined ? {} : { threshold: config.threshold }), ...(ctx.onProgress ? { onProgress: ctx.onProgress } : {}) });
  },
  resources: (config) => [config.model],
});
