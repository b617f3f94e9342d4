/** The Predict page's state: a numeric target, the models compared by cross-validation, and their runs. */
import type { Table } from '../ml/core/table';
import { detectRoles } from '../ml/features/roles';
import { regressionTargets } from '../ml/labels/targets';
import { populationStd } from '../ml/stats/moments';
import type { CvJobConfig } from '../runs/jobs/model-jobs';
import { dataset } from './dataset.svelte';
import { defaultModelSetup, ModelPage, type ModelSetup } from './model-page.svelte';

/** The Predict page: regression of a numeric column. */
class PredictPage extends ModelPage {
  /** `target` '' = not picked here: the column marked target, else the spend column, else the first numeric one. */
  setup = $state<ModelSetup & { target: string }>({ target: '', ...defaultModelSetup(['linear', 'ridge', 'rf', 'gbm']) });
  readonly task = 'regression' as const;
  table = $derived<Table | null>(dataset.table);
  labelTable = $derived<Table | null>(dataset.table);
  /** Numeric columns that can be the target. */
  targets = $derived(this.table ? regressionTargets(this.table) : []);
  /** The target picked here; else the column marked target on the Data page; else the spend column (by name); else the first numeric one. */
  target = $derived.by(() => {
    const table = this.table;
    if (!table) return '';
    if (this.targets.includes(this.setup.target)) return this.setup.target;
    const marked = table.columns.find((c) => c.role === 'target' && this.targets.includes(c.name))?.name;
    const spend = detectRoles(table).spend;
    return marked ?? (spend && this.targets.includes(spend) ? spend : (this.targets[0] ?? ''));
  });
  readonly label = undefined;
  readonly labelReads: string[] = [];
  readonly isReady = true;
  /** The population std of the results' target, to read RMSE against. */
  targetStd = $derived.by(() => {
    const table = this.cv.result?.table;
    const column = table?.columns.find((c) => c.name === this.best?.target);
    return column?.storage === 'number' ? populationStd(column.values) : NaN;
  });

  protected cvExtras(): Partial<CvJobConfig> {
    return {};
  }

  protected classCountHint(): number {
    return 0;
  }

  /** Picks another target (its features start from the default again). */
  setTarget(target: string): void {
    this.setup.target = target;
    this.setup.features = null;
  }
}

/** The Predict page's state (kept across navigation). */
export const predictPage = new PredictPage();
