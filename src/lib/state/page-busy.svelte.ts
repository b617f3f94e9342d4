/** Whether each page has a computation running: its root's `aria-busy` (CONTRACT.md §4). */
import { counterfactual } from './counterfactual.svelte';
import { customerPage } from './customer.svelte';
import { customerLog } from './customer-log.svelte';
import { driftPage } from './drift.svelte';
import { explore } from './explore.svelte';
import { loader } from './loader.svelte';
import { models } from './models.svelte';
import { predictPage } from './predict.svelte';
import { reportState } from './report.svelte';
import { riskPage } from './risk.svelte';
import { runHistory } from './run-history.svelte';
import type { PageId } from './router.svelte';
import { segments } from './segments.svelte';
import { simulations } from './simulation.svelte';

/** Is any computation of `page` running? */
export function isPageBusy(page: PageId): boolean {
  switch (page) {
    case 'data':
      return loader.busy || customerLog.job.running;
    case 'explore':
      return explore.busy;
    case 'segments':
      return segments.running || segments.selecting;
    case 'predict':
      return predictPage.busy || models.saving.predict.running;
    case 'risk':
      return riskPage.busy || models.saving.risk.running;
    case 'customer':
      return customerPage.training.running || customerPage.scoring.running || counterfactual.search.running;
    case 'experiments':
      return runHistory.busy || models.busy;
    case 'monitor':
      return driftPage.busy || simulations.simulation.running || simulations.noise.running;
    case 'report':
      return reportState.busy;
    default:
      return false;
  }
}
