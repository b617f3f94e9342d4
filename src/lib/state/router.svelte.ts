/** Hash routing (`#/segments`), so every page opens directly from a static host. */

/** The pages of the app, in navigation order, with the sentence shown until each is built. */
export const pages = [
  { id: 'data', label: 'Data', plan: 'Load a CSV and review each column’s type and role.' },
  { id: 'explore', label: 'Explore', plan: 'Distributions, correlations, collinearity and duplicates in plots and plain words, and engineered features.' },
  { id: 'segments', label: 'Segments', plan: 'K-Means customer segments with k chosen on evidence, and personas with recommended actions.' },
  { id: 'predict', label: 'Predict', plan: 'Compare models that predict spend or value, with cross-validation that keeps identical rows together, and explain them.' },
  { id: 'risk', label: 'Risk', plan: 'Classify churn risk or any label, tune the threshold, and see why each customer is at risk.' },
  { id: 'customer', label: 'Customer', plan: 'Look up one customer or type a what-if profile and see the prediction, risk, segment and why, live.' },
  { id: 'experiments', label: 'Experiments', plan: 'Every run recorded in your browser’s storage with its settings and metrics, to compare and reuse.' },
  { id: 'report', label: 'Report', plan: 'A KPI report of your analysis, exported as HTML, PDF and CSV.' },
  { id: 'monitor', label: 'Monitor', plan: 'Drift between two files or periods, a simulated retraining pipeline, and noise robustness, on your own data.' },
] as const;

/** A page id. */
export type PageId = (typeof pages)[number]['id'];

function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (pages.find((p) => p.id === id)?.id ?? 'data') as PageId;
}

/** The current page, kept in step with `location.hash`. */
class Router {
  page = $state<PageId>(pageFromHash(typeof location === 'undefined' ? '' : location.hash));

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('hashchange', () => {
        this.page = pageFromHash(location.hash);
      });
    }
  }
}

/** The app's router. */
export const router = new Router();
