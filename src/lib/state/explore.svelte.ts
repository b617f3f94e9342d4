/**
 * State of the Explore page: the user's choices (bins and log scales, grouping, correlation
 * method, target, compared columns, scatter columns, roles, formula editor) and the statistics
 * derived from `dataset.table` in workers. Adding features and merging categories go through the
 * dataset store, so every page sees them.
 */
import { untrack } from 'svelte';
import { dataset, type DerivedColumn } from './dataset.svelte';
import { JobRun } from './job-run.svelte';
import type { Finding } from '../ml/explore/findings';
import { booleanColumnsOf, categoricalColumnsOf, comparableColumnsOf, dateColumnsOf, numericColumnsOf } from '../ml/explore/columns';
import type { ExploreCharts } from '../ml/explore/charts';
import type { ExploreSummary } from '../ml/explore/summary';
import type { AssociationMatrix, AssociationPair } from '../ml/explore/association-matrix';
import { defaultColumnChoiceOptions, type ColumnChoice } from '../ml/explore/selection';
import type { TargetView } from '../ml/explore/target';
import type { CorrelationMethod } from '../ml/stats/correlation';
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

/** Most columns offered in a list or a select at once (a wide file's 5,000 options would stall the page). */
export const maxListed = 200;

/** A choice that belongs to one loaded file (a new file starts from the defaults). */
interface FileChoice<T> {
  loaded: Table | null;
  value: T;
}

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
  /** Columns whose histogram is drawn on a log scale. */
  logColumns = $state.raw<ReadonlySet<string>>(new Set());
  /** Categorical or boolean column the box plots are grouped by ('' = the target, else the first: region on the default data). */
  boxBy = $state('');
  private targetPick = $state.raw<FileChoice<string> | null>(null);
  private columnsPick = $state.raw<FileChoice<string[]> | null>(null);
  /** The target compared with every feature: the user's pick on this page, else the column whose role is target ('' = none). */
  target = $derived.by((): string => {
    const pick = this.targetPick;
    if (pick && pick.loaded === dataset.loaded) return pick.value;
    return dataset.table?.columns.find((c) => c.role === 'target')?.name ?? '';
  });
  /** The user's compared columns for this file ([] = chosen automatically). */
  columns = $derived.by((): string[] => (this.columnsPick && this.columnsPick.loaded === dataset.loaded ? this.columnsPick.value : []));
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
  /** Runs asked for whose start is still to come (in a task of their own). */
  private pending = $state(0);
  /** Is either computation running or about to start? */
  busy = $derived(this.stats.running || this.charts.running || this.pending > 0);
  findings = $derived.by((): Finding[] => this.stats.result?.findings ?? []);
  /**
   * Is the table narrow enough to sort its columns here? A wide file's column lists come from the
   * workers instead: telling ids apart means a pass over every column, 5,000 of them in one task.
   */
  private narrow = $derived((dataset.table?.columns.length ?? 0) <= maxListed);
  private byName = $derived(new Map((dataset.table?.columns ?? []).map((c) => [c.name, c])));
  /** Numeric columns that are not ids (narrow tables only; see `numericCount`). */
  numeric = $derived.by(() => (dataset.table && this.narrow ? numericColumnsOf(dataset.table) : []));
  /** How many numeric columns (not ids) there are; null while a wide file's count is computed. */
  numericCount = $derived.by((): number | null => (this.narrow ? this.numeric.length : (this.stats.result?.numericCount ?? null)));
  categorical = $derived.by(() => (dataset.table ? categoricalColumnsOf(dataset.table) : []));
  /** Booleans stored as 0/1 (categoricals of type boolean are among `categorical`). */
  booleans = $derived.by(() => (dataset.table ? booleanColumnsOf(dataset.table) : []));
  dates = $derived.by(() => (dataset.table ? dateColumnsOf(dataset.table) : []));
  associations = $derived.by((): AssociationMatrix => this.stats.result?.associations ?? { method: this.method, names: [], kinds: [], values: new Float64Array(0) });
  pairs = $derived.by((): AssociationPair[] => this.stats.result?.pairs ?? []);
  /** The compared columns of the shown results (null until they arrive). */
  choice = $derived.by((): ColumnChoice | null => this.stats.result?.choice ?? this.charts.result?.choice ?? null);
  /** Every feature against the target (null without one, or until it arrives). */
  targetView = $derived.by((): TargetView | null => this.stats.result?.target ?? null);
  targetError = $derived.by((): string | null => this.stats.result?.targetError ?? null);
  /** Names of the columns that can be a target or be compared (numbers, booleans, categoricals of at most 50 levels). */
  comparable = $derived.by((): string[] => {
    if (dataset.table && this.narrow) return comparableColumnsOf(dataset.table).map((c) => c.name);
    return (this.stats.result?.comparable ?? []).filter((name) => this.byName.has(name));
  });
  /** The numeric columns among the compared ones (before the results arrive: on a narrow table the first 50, else none). */
  comparedNumeric = $derived.by((): NumberColumn[] => {
    const choice = this.choice;
    if (!choice) return this.numeric.slice(0, defaultColumnChoiceOptions.max);
    return this.numbersNamed(choice.names);
  });
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
    const chosen = this.scatterColumns.length ? this.numbersNamed(this.scatterColumns) : this.comparedNumeric;
    return chosen.slice(0, 6);
  });
  /** The columns the role selects offer: every numeric one, or on a wide file the compared ones and those mapped. */
  roleCandidates = $derived.by((): NumberColumn[] => {
    if (this.narrow) return this.numeric;
    const mapped = this.numbersNamed(Object.values(this.roles));
    return [...this.comparedNumeric, ...mapped.filter((c) => !this.comparedNumeric.includes(c))];
  });

  /** The numeric columns of the table called `names`, in table order. */
  private numbersNamed(names: readonly string[]): NumberColumn[] {
    const wanted = new Set(names);
    return (dataset.table?.columns ?? []).filter((c): c is NumberColumn => wanted.has(c.name) && c.storage === 'number' && c.type === 'numeric');
  }

  /** The settings of the runs asked for and not started yet. */
  #statsWanted: string | null = null;
  #chartsWanted: string | null = null;
  /**
   * Computes the statistics and chart data of `table` with the chosen settings, unless they are
   * shown or under way already. Both start in a task of their own (sending a wide table to a
   * worker is heavy, and the task that brought the table has its own work), the chart data first:
   * the statistics then go to the worker that holds the table already, so it is packed and sent once.
   */
  refresh(table: Table | null): void {
    if (!table) return;
    const data = dataset.fingerprint;
    const target = this.target || null;
    const columns = this.columns;
    const run = makeRunConfig('explore', { method: this.method, target, columns }, { data });
    const key = runKey(run);
    const charts = makeRunConfig('explore-charts', { bins: [...this.bins], boxBy: this.boxBy, log: [...this.logColumns], columns, target }, { data });
    const chartsKey = runKey(charts);
    const needStats = this.stats.resultKey !== key && this.stats.runningKey !== key && this.#statsWanted !== key;
    const needCharts = this.charts.resultKey !== chartsKey && this.charts.runningKey !== chartsKey && this.#chartsWanted !== chartsKey;
    if (!needStats && !needCharts) return;
    if (needStats) this.#statsWanted = key;
    if (needCharts) this.#chartsWanted = chartsKey;
    // Not read here: the page's effect that calls this must not depend on it.
    untrack(() => this.pending++);
    setTimeout(async () => {
      try {
        let chartsDone: Promise<unknown> = Promise.resolve();
        if (needCharts && this.#chartsWanted === chartsKey) {
          this.#chartsWanted = null;
          chartsDone = this.charts.start(chartsKey, (h) => appPool().run(charts, table, { signal: h.signal, onProgress: h.onProgress }));
        }
        if (!needStats) return;
        await chartsDone;
        if (this.#statsWanted !== key) return;
        this.#statsWanted = null;
        void this.stats.start(key, (h) => appPool().run(run, table, { signal: h.signal, onProgress: h.onProgress }));
      } finally {
        this.pending--;
      }
    }, 0);
  }

  /** Sets the histogram bins of `column` (0 = automatic). */
  setBins(column: string, bins: number): void {
    this.bins = new Map(this.bins).set(column, bins);
  }

  /** Draws `column`'s histogram on a log scale, or back on a linear one. */
  setLog(column: string, on: boolean): void {
    const next = new Set(this.logColumns);
    if (on) next.add(column);
    else next.delete(column);
    this.logColumns = next;
  }

  /** Compares every feature with `name` ('' = no target), for the current file. */
  setTarget(name: string): void {
    this.targetPick = { loaded: dataset.loaded, value: name };
  }

  /** Compares these columns in the quadratic summaries ([] = choose automatically), for the current file. */
  setColumns(names: string[]): void {
    this.columnsPick = { loaded: dataset.loaded, value: names };
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
