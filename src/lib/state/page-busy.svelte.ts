/**
 * Whether each page has a computation running: its root's `aria-busy` (CONTRACT.md §4).
 * Each page's check reads that page's state modules, which load with the page's code: the check
 * is loaded with the page (`loadPageBusy`, called by App when it fetches a page), so the app's
 * start does not load every page's state. A page whose check is not loaded yet has not run anything.
 */
import { customerLog } from './customer-log.svelte';
import { loader } from './loader.svelte';
import type { PageId } from './router.svelte';

type BusyCheck = () => boolean;

/** Each page's check, loaded on demand (the Data page's state is part of the app's start). */
const checks: Record<PageId, () => Promise<BusyCheck>> = {
  data: async () => () => loader.busy || customerLog.job.running,
  explore: async () => {
    const { explore } = await import('./explore.svelte');
    return () => explore.busy;
  },
  segments: async () => {
    const { segments } = await import('./segments.svelte');
    return () => segments.running || segments.selecting;
  },
  predict: async () => {
    const [{ predictPage }, { models }] = await Promise.all([import('./predict.svelte'), import('./models.svelte')]);
    return () => predictPage.busy || models.saving.predict.running;
  },
  risk: async () => {
    const [{ riskPage }, { models }] = await Promise.all([import('./risk.svelte'), import('./models.svelte')]);
    return () => riskPage.busy || models.saving.risk.running;
  },
  customer: async () => {
    const [{ customerPage }, { counterfactual }] = await Promise.all([import('./customer.svelte'), import('./counterfactual.svelte')]);
    return () => customerPage.training.running || customerPage.scoring.running || counterfactual.search.running;
  },
  experiments: async () => {
    const [{ runHistory }, { models }] = await Promise.all([import('./run-history.svelte'), import('./models.svelte')]);
    return () => runHistory.busy || models.busy;
  },
  monitor: async () => {
    const [{ driftPage }, { simulations }] = await Promise.all([import('./drift.svelte'), import('./simulation.svelte')]);
    return () => driftPage.busy || simulations.simulation.running || simulations.noise.running;
  },
  report: async () => {
    const { reportState } = await import('./report.svelte');
    return () => reportState.busy;
  },
};

/** The checks loaded so far. */
let loaded = $state.raw(new Map<PageId, BusyCheck>());

/** Loads the busy check of `page` (with its state modules); resolves once `isPageBusy(page)` reads it. */
export async function loadPageBusy(page: PageId): Promise<void> {
  if (loaded.has(page)) return;
  const check = await checks[page]();
  if (!loaded.has(page)) loaded = new Map(loaded).set(page, check);
}

/** Is any computation of `page` running? False for a page whose check is not loaded (its state never ran). */
export function isPageBusy(page: PageId): boolean {
  return loaded.get(page)?.() ?? false;
}
