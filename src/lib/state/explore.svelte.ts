/**
 * State of the Explore page: the user's choices (bins, grouping, correlation method,
 * scatter columns, roles, formula editor) and the statistics derived from
 * `dataset.table`. Adding features and merging categories go through the dataset
 * store, so every page sees them.
 */
import { dataset, type DerivedColumn } from './dataset.svelte';
import { JobRun } from './job-run.svelte';
import type { Finding } from '../ml/explore/findings';
import { categoricalColumnsOf, dateColumnsOf, numericColumnsOf } from '../ml/explore/columns';
import type { ExploreCharts } from '../ml/explore/charts';
import type { ExploreSummary } from '../ml/explore/summary';
import type { CorrelationMatrix, CorrelationMethod, CorrelationPair } from '../ml/stats/correlation';
import type { DuplicateRows } from '../ml/stats/duplicate-rows';
import type { VifEntry } from '../ml/stats/vif';
import { makeRunConfig, runKey } from '../runs/run-config';
import { appPool } from './app-pool';
import { availableEngineered, computeEngineered, type EngineeredFeature } from '../ml/features/engineered';
import { detectRoles, type BusinessRole, type RoleMap } from '../ml/features/roles';
import { mergeCategories } from '../ml/features/merge-categories';
import { compileFormula, evaluateFormula } from '../ml/features/formula/evaluate';
import { lineageOf } from '../ml/features/formula/lineage';
import type { CategoryColumn, NumberColumn, Table } from '../ml/core/table';

/** Most points drawn in the scatter matrix; larger tables are sampled. */
export const scatterSampleSize = 5000;

/** One undoable merge: the column's derived entry before it (null = the loaded column). */
interface MergeStep {
  /** The loaded table it applied to (a new file starts a new history). */
  loaded: Table;
  column: string;
  previous: DerivedColumn | null;
  label: string;
}

class Explore {
  /** Histogram bin count per column (0 or absent = Freedman–Diaconis). */
  bins = $state.raw<ReadonlyMap<string, number>>(new Map());
  /** Categorical column the box plots are grouped by ('' = first categorical, region on the default data). */
  boxBy = $state('');
  method = $state<CorrelationMethod>('pearson');
  /** Columns of the scatter matrix ([] = the first six numeric). */
  scatterColumns = $state<string[]>([]);
  /** Roles the user set; unset roles are detected from names. */
  roleChoices = $state<RoleMap>({});
  formulaName = $state('');
  formulaText = $state('');
  formulaError = $state<string | null>(null);
  /** Last message of the merge or engineered-feature actions (errors shown in role="alert"). */
  actionError = $state<string | null>(null);
  private mergeSteps = $state.raw<MergeStep[]>([]);
  /** Merges applied to the current file, oldest first. */
  merges = $derived(this.mergeSteps.filter((m) => m.loaded === dataset.loaded));

  /** Findings, correlations, VIFs and duplicates of the table: the 'explore' job, in a worker (heavy on large files). */
  readonly stats = new JobRun<ExploreSummary>();
  /** Histograms, counts and box plots of the table for the chosen bins and grouping: 'explore-charts', in a worker. */
  readonly charts = new JobRun<ExploreCharts>();
  /** Is either computation running? */
  busy = $derived(this.stats.running || this.charts.running);
  findings = $derived.by((): Finding[] => this.stats.result?.findings ?? []);
  numeric = $derived.by(() => (dataset.table ? numericColumnsOf(dataset.table) : []));
  categorical = $derived.by(() => (dataset.table ? categoricalColumnsOf(dataset.table) : []));
  dates = $derived.by(() => (dataset.table ? dateColumnsOf(dataset.table) : []));
  correlation = $derived.by((): CorrelationMatrix => this.stats.result?.correlation ?? { method: this.method, names: [], values: new Float64Array(0) });
  pairs = $derived.by((): CorrelationPair[] => this.stats.result?.pairs ?? []);
  vifs = $derived.by((): VifEntry[] => this.stats.result?.vifs ?? []);
  duplicates = $derived.by((): DuplicateRows | null => this.stats.result?.duplicates ?? null);
  /** Roles in effect: the user's choices over the detected ones. */
  roles = $derived.by((): RoleMap => {
    const t = dataset.table;
    if (!t) return {};
    const detected = detectRoles(t);
    const out: RoleMap = { ...detected };
    for (const [role, col] of Object.entries(this.roleChoices) as [BusinessRole, string][]) {
      if (col === '') delete out[role];
      else out[role] = col;
    }
    return out;
  });
  engineered = $derived.by((): EngineeredFeature[] => (dataset.table ? availableEngineered(dataset.table, this.roles) : []));
  scatter = $derived.by((): NumberColumn[] => {
    const chosen = this.scatterColumns.length ? this.numeric.filter((c) => this.scatterColumns.includes(c.name)) : this.numeric;
    return chosen.slice(0, 6);
  });

  /** Computes the statistics and chart data of `table` with the chosen settings, unless they are shown or under way already. */
  refresh(table: Table | null): void {
    if (!table) return;
    const data = dataset.fingerprint;
    const run = makeRunConfig('explore', { method: this.method }, { data });
    const key = runKey(run);
    if (this.stats.resultKey !== key && this.stats.runningKey !== key) {
      void this.stats.start(key, (h) => appPool().run(run, table, { signal: h.signal, onProgress: h.onProgress }));
    }
    const charts = makeRunConfig('explore-charts', { bins: [...this.bins], boxBy: this.boxBy }, { data });
    const chartsKey = runKey(charts);
    if (this.charts.resultKey !== chartsKey && this.charts.runningKey !== chartsKey) {
      void this.charts.start(chartsKey, (h) => appPool().run(charts, table, { signal: h.signal, onProgress: h.onProgress }));
    }
  }

  /** Sets the histogram bins of `column` (0 = automatic). */
  setBins(column: string, bins: number): void {
    this.bins = new Map(this.bins).set(column, bins);
  }

  /** Is the engineered feature `name` currently added? */
  isAdded(name: string): boolean {
    return dataset.derived.some((d) => d.column.name === name);
  }

  /** Adds or removes an engineered feature as a derived column (with formula and lineage). */
  toggleEngineered(name: string, on: boolean): void {
    this.actionError = null;
    if (!on) return dataset.removeDerived(name);
    const base = dataset.loaded;
    if (!base) return;
    try {
      // Computed on the loaded table plus derived columns, so mapped roles may be derived columns too.
      const f = computeEngineered(dataset.table ?? base, name, this.roles);
      dataset.putDerived({ column: f.column, formula: f.formula, sources: this.lineage(f.sources) });
    } catch (e) {
      this.actionError = (e as Error).message;
    }
  }

  /** Original columns behind `names`, following derived columns transitively. */
  private lineage(names: readonly string[]): string[] {
    const derivedSources = Object.fromEntries(dataset.derived.filter((d) => !d.sources.includes(d.column.name)).map((d) => [d.column.name, d.sources]));
    return [...new Set(names.flatMap((n) => lineageOf(n, derivedSources)))];
  }

  /** Adds the formula column; on error keeps the message (with its caret) in `formulaError`. */
  addFormula(): boolean {
    const t = dataset.table;
    this.formulaError = null;
    if (!t) return false;
    const name = this.formulaName.trim();
    if (!name) {
      this.formulaError = 'Give the new column a name.';
      return false;
    }
    if (dataset.loaded?.columns.some((c) => c.name === name)) {
      this.formulaError = `"${name}" is a column of the file; choose another name.`;
      return false;
    }
    try {
      const compiled = compileFormula(this.formulaText, t);
      if (compiled.columns.includes(name)) throw new Error(`The formula reads "${name}" itself; choose another name.`);
      const values = evaluateFormula(this.formulaText, t);
      dataset.putDerived({
        column: { name, type: 'numeric', role: 'feature', storage: 'number', values },
        formula: this.formulaText.trim(),
        sources: this.lineage(compiled.columns),
      });
      return true;
    } catch (e) {
      this.formulaError = (e as Error).message;
      return false;
    }
  }

  /** Merges `from` into `into` in categorical column `column`, on every page; undoable. */
  merge(column: string, from: string, into: string): void {
    this.actionError = null;
    const t = dataset.table;
    const c = t?.columns.find((x) => x.name === column);
    if (!c || c.storage !== 'category') {
      this.actionError = `"${column}" is not a categorical column.`;
      return;
    }
    try {
      const merged = mergeCategories(c, [from], into);
      const previous = dataset.derived.find((d) => d.column.name === column) ?? null;
      const label = `${from} → ${into}`;
      const formula = previous ? `${previous.formula}; merge ${label}` : `merge ${label}`;
      dataset.putDerived({ column: merged, formula, sources: [column] });
      this.mergeSteps = [...this.merges, { loaded: dataset.loaded!, column, previous, label: `${column}: ${label}` }];
    } catch (e) {
      this.actionError = (e as Error).message;
    }
  }

  /** Undoes the last merge. */
  undoMerge(): void {
    const last = this.merges[this.merges.length - 1];
    if (!last) return;
    if (last.previous) dataset.putDerived(last.previous);
    else dataset.removeDerived(last.column);
    this.mergeSteps = this.merges.slice(0, -1);
  }
}

/** The Explore page's state. */
export const explore = new Explore();
