/**
 * `npm run -s cli -- simulate FILE --target COL --model MODEL [--task regression|classification]
 *   [--months 12] [--seed 0] [--batch 200] [--features a,b] [--positive VALUE] [--metric r2]
 *   [--shift COL:mean|scale:AMOUNT[:START][:ramp|step],…] [--mix COL=LEVEL:AMOUNT[:START][:ramp|step]]
 *   [--concept FEATURE:AMOUNT[:START][:ramp|step]] [--metric-drop 0.1] [--psi 0.25] [--window 3]`:
 * the retraining simulation of the Monitor page (the same 'simulate' job) as one JSON line: the
 * metric per month without and with retraining, the months it retrained and why, each month's
 * largest PSI. Amounts are per month ('ramp', the default) or from START on ('step').
 */
import { existsSync } from 'node:fs';
import { getColumn, type Table } from '../lib/ml/core/table';
import { fingerprintTable } from '../lib/ml/data/fingerprint';
import type { ConceptShift, MixShift, NumericShift, ShiftPlan, ShiftTiming } from '../lib/ml/monitor/batches';
import { isModelKind, modelKinds } from '../lib/ml/models/registry';
import { runJob } from '../lib/runs/local';
import { makeRunConfig } from '../lib/runs/run-config';
import { intFlag, listFlag, numberFlag, requireFlag, stringFlag } from './args';
import { readTable } from './profile';

const timing = String.raw`(-?[0-9.]+(?:e-?[0-9]+)?)(?::([0-9]+))?(?::(ramp|step))?`;

/** Runs the simulation on a CSV file and returns the CLI's JSON object. */
export async function runSimulate(positional: string[], flags: Record<string, string | boolean>): Promise<unknown> {
  const [file] = positional;
  if (!file) throw new Error('usage: simulate FILE --target COL --model MODEL [--months 12] [--seed 0]');
  if (!existsSync(file)) throw new Error(`File not found: ${file}`);
  const target = requireFlag(flags, 'target');
  const model = requireFlag(flags, 'model');
  if (!isModelKind(model)) throw new Error(`--model must be one of ${modelKinds.join(', ')}, got "${model}"`);
  const { table } = await readTable(file);
  const task = taskOf(table, target, stringFlag(flags, 'task'));
  const run = makeRunConfig(
    'simulate',
    {
      target,
      task,
      model,
      features: listFlag(flags, 'features'),
      positive: stringFlag(flags, 'positive'),
      metric: stringFlag(flags, 'metric'),
      months: intFlag(flags, 'months', 12),
      batchSize: intFlag(flags, 'batch', 200),
      shifts: shiftsOf(flags),
      metricDrop: numberFlag(flags, 'metric-drop') ?? 0.1,
      psiThreshold: numberFlag(flags, 'psi') ?? 0.25,
      window: intFlag(flags, 'window', 3),
    },
    { seed: intFlag(flags, 'seed', 0), data: fingerprintTable(table) },
  );
  const result = await runJob(run, table);
  return {
    task: result.task,
    model: result.model,
    target: result.target,
    metric: result.metric,
    baseline: result.baseline,
    psi_floor: result.psiFloor,
    months: result.months.map((m) => ({ month: m.month, without: m.without, with: m.with, retrained: m.retrained, reasons: m.reasons, max_psi: m.maxPsi })),
    retrained_months: result.retrainedMonths,
    rows: result.rows,
    settings: result.settings,
    run,
  };
}

/** The task asked for, else regression for a numeric target and classification for any other. */
function taskOf(table: Table, target: string, asked: string | undefined): 'regression' | 'classification' {
  if (asked !== undefined) {
    if (asked !== 'regression' && asked !== 'classification') throw new Error(`--task must be regression or classification, got "${asked}"`);
    return asked;
  }
  const column = getColumn(table, target);
  return column.storage === 'number' && column.type === 'numeric' ? 'regression' : 'classification';
}

/** The shifts of `--shift`, `--mix` and `--concept`. */
export function shiftsOf(flags: Record<string, string | boolean>): ShiftPlan {
  const numeric = (listFlag(flags, 'shift') ?? []).map((text): NumericShift => {
    const m = new RegExp(`^(.+):(mean|scale):${timing}$`).exec(text);
    if (!m) throw new Error(`--shift "${text}" must read COLUMN:mean|scale:AMOUNT[:START][:ramp|step]`);
    return { column: m[1], kind: m[2] as 'mean' | 'scale', amount: Number(m[3]), ...timingOf(m[4], m[5]) };
  });
  const plan: ShiftPlan = { numeric };
  const mix = stringFlag(flags, 'mix');
  if (mix !== undefined) {
    const m = new RegExp(`^([^=]+)=(.*):${timing}$`).exec(mix);
    if (!m) throw new Error(`--mix "${mix}" must read COLUMN=LEVEL:AMOUNT[:START][:ramp|step]`);
    plan.mix = { column: m[1], level: m[2], amount: Number(m[3]), ...timingOf(m[4], m[5]) } satisfies MixShift;
  }
  const concept = stringFlag(flags, 'concept');
  if (concept !== undefined) {
    const m = new RegExp(`^(.+?):${timing}$`).exec(concept);
    if (!m) throw new Error(`--concept "${concept}" must read FEATURE:AMOUNT[:START][:ramp|step]`);
    plan.concept = { feature: m[1], amount: Number(m[2]), ...timingOf(m[3], m[4]) } satisfies ConceptShift;
  }
  return plan;
}

function timingOf(start: string | undefined, shape: string | undefined): ShiftTiming {
  return { ...(start !== undefined && { start: Number(start) }), ...(shape !== undefined && { shape: shape as 'ramp' | 'step' }) };
}
