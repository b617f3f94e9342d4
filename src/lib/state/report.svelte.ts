/**
 * The Report page's state: the user's choices (title, notes, sections, threshold, category), the
 * report built from the current dataset and the latest runs of Risk, Predict and Segments (each
 * customer's numbers are out-of-fold: scored by models not trained on them), and the runs that
 * fill a missing part with the pages' current settings, in their workers.
 */
import { buildReport } from '../report/build-report';
import { driverSourceOf, riskSourceOf, segmentSourceOf, spendSourceOf } from '../report/from-runs';
import { riskSourceOfSaved, spendSourceOfSaved } from '../report/from-saved';
import { reportHtml } from '../report/report-html';
import { reportMarkdown } from '../report/report-markdown';
import { scoresCsvHeader, scoresCsvRows } from '../report/scores-csv';
import { reportSections, type MissingPart, type Report, type ReportInputs, type ReportOptions, type ReportSection } from '../report/types';
import type { Table } from '../ml/core/table';
import { runKey } from '../runs/run-config';
import { downloadText } from '../ui/common/download';
import { dataset } from './dataset.svelte';
import { models } from './models.svelte';
import { predictPage } from './predict.svelte';
import { SavedSource } from './report-saved.svelte';
import { riskPage } from './risk.svelte';
import { segments } from './segments.svelte';

/** Rows of the scores CSV written between two yields to the page. */
const csvSlice = 5_000;

/** A date as the report writes it: "2026-12-05 14:00 UTC". */
export function reportDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The columns a distribution can be shown by: categorical and yes/no columns. */
export function categoryColumns(table: Table): string[] {
  return table.columns.filter((c) => c.type === 'categorical' || c.type === 'boolean').map((c) => c.name);
}

class ReportState {
  settings = $state({ title: 'Customer report', notes: '', sections: [...reportSections] as ReportSection[], threshold: null as number | null, category: '' });
  /** When the shown report was made (renewed by every export). */
  generatedAt = $state(reportDate(new Date()));
  /** The CSV being written (its slices yield to the page). */
  writingCsv = $state(false);
  table = $derived(dataset.table);
  categories = $derived(this.table ? categoryColumns(this.table) : []);
  /** The category chosen, else `region`, else the first categorical column. */
  category = $derived.by((): string | null => {
    const list = this.categories;
    if (list.includes(this.settings.category)) return this.settings.category;
    return list.find((c) => /region/i.test(c)) ?? list[0] ?? null;
  });
  /** The customer id column: one typed or marked id. */
  idColumn = $derived(this.table?.columns.find((c) => c.type === 'id' || c.role === 'id')?.name ?? null);

  /** A saved model picked for the risk numbers, and its scores of the table. */
  readonly savedRisk = new SavedSource();
  readonly savedSpend = new SavedSource();
  /** Saved models that can give each part: yes/no classifiers for risk, regressions for spend. */
  riskModels = $derived(models.list.filter((m) => m.task === 'classification' && m.positive !== undefined));
  spendModels = $derived(models.list.filter((m) => m.task === 'regression'));

  /** The risk numbers: the chosen saved model's scores, else the Risk page's shown result when it is a binary run on this table. */
  risk = $derived.by(() => {
    const table = this.table;
    if (this.savedRisk.chosen) {
      const saved = this.savedRisk.scores;
      return table && saved && saved.result.rows === table.rowCount ? riskSourceOfSaved(saved.info, saved.result) : undefined;
    }
    const outcome = riskPage.cv.result;
    const shown = riskPage.shown;
    const run = riskPage.shownRun;
    if (!table || !outcome || !shown || !run || outcome.table.rowCount !== table.rowCount || shown.classes?.length !== 2) return undefined;
    return riskSourceOf(run, shown, table.rowCount);
  });
  spend = $derived.by(() => {
    const table = this.table;
    if (this.savedSpend.chosen) {
      const saved = this.savedSpend.scores;
      return table && saved && saved.result.rows === table.rowCount ? spendSourceOfSaved(saved.info, saved.result) : undefined;
    }
    const outcome = predictPage.cv.result;
    const shown = predictPage.shown;
    const run = predictPage.shownRun;
    if (!table || !outcome || !shown || !run || outcome.table.rowCount !== table.rowCount) return undefined;
    return spendSourceOf(run, shown, table.rowCount);
  });
  segmentSource = $derived.by(() => {
    const result = segments.result;
    if (!this.table || !result || result.segmentOfRow.length !== this.table.rowCount) return undefined;
    return segmentSourceOf(null, result, segments.names);
  });
  drivers = $derived.by(() => {
    const shown = riskPage.shown;
    const run = riskPage.shownRun;
    if (!this.risk || this.savedRisk.chosen || !shown || !run) return undefined;
    const explainRun = riskPage.explainRun;
    const explanation = explainRun && riskPage.explain.isCurrent(runKey(explainRun)) ? riskPage.explain.result : null;
    return driverSourceOf(run, shown, explanation, riskPage.collinearity);
  });

  /** The threshold of the risk model in use: the saved model's, else the Risk page's (its threshold panel). */
  modelThreshold = $derived.by((): { value: number; source: string } => {
    if (this.savedRisk.chosen) {
      const info = this.riskModels.find((m) => m.id === this.savedRisk.chosen);
      return { value: info?.threshold ?? 0.5, source: 'the saved model’s threshold' };
    }
    return { value: riskPage.threshold, source: riskPage.threshold === 0.5 ? 'the default' : 'chosen on the Risk page' };
  });
  /** The threshold the report counts at: the one typed here, else the model's. */
  threshold = $derived.by((): { value: number; source: string } => {
    const typed = this.settings.threshold;
    return typeof typed === 'number' && typed >= 0 && typed <= 1 ? { value: typed, source: 'set on the Report page' } : this.modelThreshold;
  });

  inputs = $derived.by((): ReportInputs | null => {
    const table = this.table;
    if (!table) return null;
    return {
      table,
      idColumn: this.idColumn,
      threshold: this.threshold.value,
      thresholdSource: this.threshold.source,
      category: this.category,
      ...(this.risk && { risk: this.risk }),
      ...(this.spend && { spend: this.spend }),
      ...(this.segmentSource && { segments: this.segmentSource }),
      ...(this.drivers && { drivers: this.drivers }),
    };
  });
  /** The report, or why it could not be made. */
  built = $derived.by((): { report: Report | null; error: string | null } => {
    if (!this.inputs) return { report: null, error: null };
    try {
      return { report: buildReport(this.inputs), error: null };
    } catch (error) {
      return { report: null, error: error instanceof Error ? error.message : String(error) };
    }
  });
  options = $derived.by((): ReportOptions => ({
    title: this.settings.title,
    notes: this.settings.notes,
    sections: reportSections.filter((s) => this.settings.sections.includes(s)),
    generatedAt: this.generatedAt,
  }));
  html = $derived(this.built.report ? reportHtml(this.built.report, this.options) : '');
  /** The parts still missing; none for a part a saved model gives (its scoring shows its own progress or error). */
  missing = $derived.by((): MissingPart[] =>
    (this.built.report?.missing ?? []).filter((m) => !((m.part === 'risk' || m.part === 'drivers') && this.savedRisk.chosen) && !(m.part === 'spend' && this.savedSpend.chosen)),
  );
  /** Errors of the saved models' scoring. */
  errors = $derived([this.savedRisk.job.error, this.savedSpend.job.error].filter((e): e is string => !!e));
  /** What the user should know about the runs the report reads: a Risk run that is not yes/no, settings changed since a run. */
  notices = $derived.by((): string[] => {
    const list: string[] = [];
    const shown = riskPage.shown;
    if (shown && shown.classes && shown.classes.length !== 2) list.push(`The Risk run predicts ${shown.classes.length} classes; the report needs a yes/no label (pick one on the Risk page).`);
    if (this.risk && riskPage.isStale) list.push('The Risk page’s settings changed since its last run: the report shows that run, as its provenance says.');
    if (this.spend && predictPage.isStale) list.push('The Predict page’s settings changed since its last run: the report shows that run, as its provenance says.');
    return list;
  });
  /** The runs under way that the report waits for, with their progress. */
  running = $derived.by(() => {
    const list: { label: string; done: number; total: number }[] = [];
    const add = (label: string, run: { running: boolean; done: number; total: number }) => run.running && list.push({ label, done: run.done, total: run.total });
    add('Risk models', riskPage.cv);
    add('Predict models', predictPage.cv);
    add('Segments', segments.segmentation);
    add('Risk explanation', riskPage.explain);
    add('Scoring with the saved risk model', this.savedRisk.job);
    add('Scoring with the saved spend model', this.savedSpend.job);
    return list;
  });
  /** Is any run the report waits for under way? */
  busy = $derived(this.running.length > 0 || this.writingCsv);

  /** Keeps the pages' results to the loaded file, as their own pages do when they show. */
  follow(): void {
    riskPage.follow(dataset.loaded);
    predictPage.follow(dataset.loaded);
    segments.follow(this.table);
    if (models.status === 'idle') void models.load();
    for (const saved of [this.savedRisk, this.savedSpend]) if (saved.chosen) saved.choose(saved.chosen);
  }

  /** Runs what fills `part` with its page's current settings (in the workers, with progress and cancel). */
  runPart(part: MissingPart['part']): void {
    const table = this.table;
    if (!table) return;
    this.follow();
    if (part === 'risk' && !riskPage.cv.running) {
      riskPage.run();
      riskPage.checkSuspicions();
    } else if (part === 'spend' && !predictPage.cv.running) predictPage.run();
    else if (part === 'segments' && !segments.running) segments.run(table);
    else if (part === 'drivers' && !riskPage.explain.running) riskPage.runExplain();
  }

  /** Runs every missing part at once. */
  runMissing(): void {
    for (const m of this.missing) this.runPart(m.part);
  }

  /** Stops every run the report started. */
  cancel(): void {
    riskPage.cv.cancel();
    predictPage.cv.cancel();
    segments.cancel();
    riskPage.explain.cancel();
    this.savedRisk.job.cancel();
    this.savedSpend.job.cancel();
  }

  #fileBase(): string {
    return (this.table?.name ?? 'customers').replace(/\.[^.]+$/, '').replace(/[^\p{L}\p{N}_-]+/gu, '_') || 'customers';
  }

  /** Downloads the standalone HTML report. */
  downloadHtml(): void {
    this.generatedAt = reportDate(new Date());
    if (this.built.report) downloadText(reportHtml(this.built.report, this.options), `${this.#fileBase()}-report.html`, 'text/html');
  }

  /** Downloads the Markdown summary. */
  downloadMarkdown(): void {
    this.generatedAt = reportDate(new Date());
    if (this.built.report) downloadText(reportMarkdown(this.built.report, this.options), `${this.#fileBase()}-report.md`, 'text/markdown');
  }

  /** Downloads every customer's scores as CSV, written a slice at a time so the page stays responsive. */
  async downloadCsv(): Promise<void> {
    const inputs = this.inputs;
    if (!inputs || this.writingCsv) return;
    this.writingCsv = true;
    try {
      const parts = [scoresCsvHeader(inputs)];
      for (let from = 0; from < inputs.table.rowCount; from += csvSlice) {
        parts.push(scoresCsvRows(inputs, from, Math.min(inputs.table.rowCount, from + csvSlice)));
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      downloadText(parts.join(''), `${this.#fileBase()}-scores.csv`);
    } finally {
      this.writingCsv = false;
    }
  }
}

/** The Report page's state (kept across navigation). */
export const reportState = new ReportState();
