import { describe, expect, it } from 'vitest';
import { headlineMetric } from '../../../src/lib/experiments/run-record';
import { readRunRecord } from '../../../src/lib/experiments/read-record';
import { settingsOf } from '../../../src/lib/experiments/param-diff';
import { simulateRecord } from '../../../src/lib/experiments/simulate-record';
import { fingerprintTable } from '../../../src/lib/ml/data/fingerprint';
import { runJob } from '../../../src/lib/runs/local';
import { makeRunConfig } from '../../../src/lib/runs/run-config';
import { loadCustomers } from '../fixtures';

describe('simulateRecord', () => {
  const table = loadCustomers();
  const run = makeRunConfig(
    'simulate',
    { target: 'purchase_amount', task: 'regression', model: 'ridge', months: 5, shifts: { numeric: [], concept: { feature: 'purchase_frequency', amount: -0.5, start: 3, shape: 'step' } }, psiThreshold: 5 },
    { seed: 0, data: fingerprintTable(table) },
  );
  const context = { startedAt: 1000, finishedAt: 3500, appVersion: 'test', columns: table.columns.map((c) => ({ name: c.name, type: c.type })) };

  it('keeps the months, the retrainings and both curves, and reads back as written', async () => {
    const result = await runJob(run, table);
    const record = simulateRecord(run, result, context);
    expect(record).toMatchObject({ page: 'monitor', kind: 'simulate', status: 'done', task: 'regression', target: 'purchase_amount', model: 'ridge', seconds: 2.5 });
    const metric = (key: string) => record.metrics.find((m) => m.key === key)?.mean;
    expect(metric('final_without')).toBe(result.months[4].without);
    expect(metric('final_with')).toBe(result.months[4].with);
    expect(metric('retrainings')).toBe(result.retrainedMonths.length);
    expect(headlineMetric(record)?.key).toBe('final_with');
    expect(record.curves?.withRetraining?.x).toStrictEqual([1, 2, 3, 4, 5]);
    expect(record.curves?.withoutRetraining?.y[4]).toBeCloseTo(result.months[4].without, 4);
    // Written as JSON (a std of NaN becomes null) and read back: the same record.
    expect(readRunRecord(JSON.parse(JSON.stringify(record)))).toStrictEqual(record);
    expect(settingsOf(record).get('kind')).toBe('retraining simulation');
  });

  it('records a cancelled run with how far it got', () => {
    const record = simulateRecord(run, null, { ...context, progress: { done: 2, total: 6 } });
    expect(record).toMatchObject({ status: 'cancelled', metrics: [], progress: { done: 2, total: 6 } });
    expect(record.curves).toBeUndefined();
  });
});
