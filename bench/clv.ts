/**
 * The CLV suite: a synthetic 1,000,000-row transaction log (customers drawn from BG/NBD and
 * Gamma-Gamma with the published CDNOW parameters, 78 weeks), read from CSV text, summarised by
 * customer, RFM-scored, both models fitted on the first 39 weeks, and every customer valued over
 * 12 months, each step timed; then the whole analysis as the 'clv' job runs it (with CLV intervals). No baseline runs here (`lifetimes` is Python); the published CDNOW
 * fit is the reference the parameters are compared with in the note.
 */
import { parseCsvText } from '../src/lib/ml/data/csv/parse-text';
import { fitBgNbd } from '../src/lib/ml/clv/bgnbd';
import { analyseClv, customerValue } from '../src/lib/ml/clv/clv';
import { expectedAverageValue, fitGammaGamma } from '../src/lib/ml/clv/gamma-gamma';
import { scoreRfm } from '../src/lib/ml/clv/rfm';
import { simulateLog } from '../src/lib/ml/clv/simulate';
import { summariseLog } from '../src/lib/ml/clv/summary';
import type { BenchRow } from './row';

const rows = 1_000_000;
const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const spend = { p: 6.25, q: 3.74, v: 15.45 };

function timed<T>(job: () => T): [T, number] {
  const t = performance.now();
  const value = job();
  return [value, (performance.now() - t) / 1000];
}

/** The log as CSV text, its first `rows` rows (customers in order, so only the last one is cut short); bench/browser-clv.ts loads it too. */
export function logCsv(): { text: string; customers: number } {
  const log = simulateLog({ customers: 370_000, start: Date.UTC(1997, 0, 1), joinDays: 84, days: 545, bgnbd: truth, spend, seed: 1 });
  if (log.customer.length < rows) throw new Error(`the simulated log has only ${log.customer.length} rows`);
  const lines = ['CustomerID,InvoiceDate,Amount'];
  for (let i = 0; i < rows; i++) lines.push(`${100000 + log.customer[i]},${new Date(log.time[i]).toISOString().slice(0, 10)},${log.amount[i].toFixed(2)}`);
  return { text: lines.join('\n'), customers: log.customer[rows - 1] + 1 };
}

/** Each step on the 1,000,000-row log. */
export async function run(): Promise<BenchRow[]> {
  const { text, customers } = logCsv();
  const [{ table }, parse] = timed(() => parseCsvText(text, 'log.csv'));
  const columns = { customer: 'CustomerID', date: 'InvoiceDate', amount: 'Amount' };
  const [full, summarise] = timed(() => summariseLog(table, columns, { unit: 'weeks' }));
  const [, rfm] = timed(() => scoreRfm(full.daysSinceLast, full.orders, full.totalSpend));
  const [calibration, split] = timed(() => summariseLog(table, columns, { unit: 'weeks', calibrationEnd: Date.UTC(1997, 8, 30) }));
  const [bg, fitBg] = timed(() => fitBgNbd(calibration));
  const [gg, fitGg] = timed(() => fitGammaGamma(calibration.frequency, calibration.monetary));
  const [, value] = timed(() => {
    let total = 0;
    for (let i = 0; i < calibration.ids.length; i++) {
      const m = expectedAverageValue(gg.params, calibration.frequency[i], calibration.monetary[i]);
      total += customerValue(bg.params, calibration.frequency[i], calibration.recency[i], calibration.age[i], m, 12, 0.01, 7);
    }
    return total;
  });
  const [all, analyse] = timed(() => analyseClv(calibration));
  const n = calibration.ids.length.toLocaleString('en-US');
  const p = bg.params;
  const q = gg.params;
  return [
    { suite: 'clv', job: `read 1,000,000-row log (CSV text, ${customers.toLocaleString('en-US')} customers)`, seconds: parse },
    { suite: 'clv', job: 'summarise by customer (whole log)', seconds: summarise, note: `${full.ids.length.toLocaleString('en-US')} customers` },
    { suite: 'clv', job: 'RFM scores and segments', seconds: rfm },
    { suite: 'clv', job: 'summarise, calibration 39 weeks + holdout', seconds: split },
    { suite: 'clv', job: `fit BG/NBD (${n} customers)`, seconds: fitBg, note: `r ${p.r.toFixed(3)} α ${p.alpha.toFixed(2)} a ${p.a.toFixed(3)} b ${p.b.toFixed(2)} (true 0.243 4.41 0.793 2.43), ${bg.evaluations} evaluations` },
    { suite: 'clv', job: `fit Gamma-Gamma (${gg.customers.toLocaleString('en-US')} repeat customers)`, seconds: fitGg, note: `p ${q.p.toFixed(2)} q ${q.q.toFixed(2)} v ${q.v.toFixed(2)} (true 6.25 3.74 15.45)` },
    { suite: 'clv', job: `CLV of ${n} customers, 12 months`, seconds: value },
    { suite: 'clv', job: 'the whole analysis as the app runs it', seconds: analyse, note: `both fits, P(alive), CLV with intervals, checks; ${all.notes.length} notes` },
  ];
}
