/**
 * "What would change the outcome" on the Customer page: which inputs the user marks actionable, and
 * the search for the smallest change to them, run as a 'counterfactual' job on a pool worker that
 * holds the page's risk model (one profile row goes there; the many candidates are scored there).
 * A result belongs to the profile and choice it was found for, and is shown only while they hold.
 */
import { actionableFeatures, canAct, defaultActionable } from '../ml/customer/actionable';
import type { Counterfactual } from '../ml/customer/counterfactual';
import type { ProfileInput } from '../ml/customer/profile-row';
import { profileTable } from '../ml/customer/profile-row';
import { makeRunConfig } from '../runs/run-config';
import { appPool } from './app-pool';
import { atRiskThreshold, customerPage } from './customer.svelte';
import { JobRun } from './job-run.svelte';

class CounterfactualSearch {
  /** The inputs marked actionable for one trained risk model (another model starts from the suggested ones). */
  marked = $state<{ model: string; names: string[] } | null>(null);
  /** The risk model's resource id ('' before training). */
  model = $derived(customerPage.training.result?.ids.risk ?? '');
  readonly search = new JobRun<Counterfactual>();
  /** The inputs a search can change (read by the risk model; not dates or constants). */
  candidates = $derived((customerPage.summary?.inputs ?? []).filter(canAct));
  /** The actionable inputs now. */
  chosen = $derived(this.marked && this.marked.model === this.model ? this.marked.names : defaultActionable(customerPage.summary?.inputs ?? []));
  /** The key of the current profile and choice: a result for another one is not shown. */
  key = $derived(`${this.model} ${JSON.stringify([...customerPage.profile])} ${JSON.stringify(this.chosen)}`);
  result = $derived(this.search.isCurrent(this.key) ? this.search.result : null);

  /** Marks or unmarks one input as actionable. */
  toggle(name: string, on: boolean): void {
    const now = new Set(this.chosen);
    if (on) now.add(name);
    else now.delete(name);
    this.marked = { model: this.model, names: this.candidates.map((i) => i.name).filter((n) => now.has(n)) };
  }

  /** Searches for the smallest change to the actionable inputs that brings the risk below the threshold. */
  find(): void {
    const trained = customerPage.training.result;
    if (!trained) return;
    const inputs: readonly ProfileInput[] = trained.summary.inputs;
    const run = makeRunConfig('counterfactual', { model: trained.ids.risk, features: actionableFeatures(inputs, this.chosen), threshold: atRiskThreshold });
    const row = profileTable(inputs, customerPage.profile);
    const resources = new Map([[trained.ids.risk, trained.risk]]);
    void this.search.start(this.key, (h) => appPool().run(run, row, { signal: h.signal, onProgress: h.onProgress, resources, inline: true, urgent: true }));
  }

  /** Stops a search. */
  cancel(): void {
    this.search.cancel();
  }
}

/** The Customer page's counterfactual search. */
export const counterfactual = new CounterfactualSearch();
