/**
 * The per-customer scores as CSV: id, risk probability, at risk, predicted spend, segment and
 * persona. Cells go through spreadsheetSafe, so an export never carries a formula. Written a slice of
 * rows at a time, so the page can yield between slices on a large file.
 */
import Papa from 'papaparse';
import { spreadsheetSafe } from '../io/csv-export';
import { cellText, isMissing } from '../ml/core/table';
import type { ReportInputs } from './types';

/** The header of the scores CSV for `inputs`. */
export function scoresHeader(inputs: ReportInputs): string[] {
  return [
    inputs.idColumn ?? 'row',
    ...(inputs.risk ? [`risk_probability`, `at_risk`] : []),
    ...(inputs.spend ? [`predicted_${inputs.spend.target}`] : []),
    ...(inputs.segments ? ['segment', 'persona'] : []),
  ];
}

/** Rows `from` to `to` (exclusive) of the scores CSV, without the header; each line ends with CRLF. */
export function scoresCsvRows(inputs: ReportInputs, from: number, to: number): string {
  const { table, risk, spend, segments } = inputs;
  const idCol = inputs.idColumn ? table.columns.find((c) => c.name === inputs.idColumn) : undefined;
  const data: string[][] = [];
  for (let i = from; i < to; i++) {
    const row = [idCol ? (isMissing(idCol, i) ? '' : spreadsheetSafe(cellText(idCol, i))) : String(i + 1)];
    if (risk) {
      const s = risk.scores[i];
      row.push(Number.isNaN(s) ? '' : String(s), Number.isNaN(s) ? '' : s >= inputs.threshold ? 'yes' : 'no');
    }
    if (spend) row.push(Number.isFinite(spend.predictions[i]) ? String(spend.predictions[i]) : '');
    if (segments) {
      const s = segments.segmentOfRow[i];
      row.push(s < 0 ? '' : String(s + 1), s < 0 ? '' : spreadsheetSafe(segments.names[s] ?? ''));
    }
    data.push(row);
  }
  return data.length ? `${Papa.unparse(data, { newline: '\r\n' })}\r\n` : '';
}

/** The header line of the scores CSV, ending with CRLF. */
export function scoresCsvHeader(inputs: ReportInputs): string {
  return `${Papa.unparse([scoresHeader(inputs).map(spreadsheetSafe)], { newline: '\r\n' })}\r\n`;
}

/** The whole scores CSV (header and every row). */
export function scoresCsv(inputs: ReportInputs): string {
  return scoresCsvHeader(inputs) + scoresCsvRows(inputs, 0, inputs.table.rowCount);
}
