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

/** A CSV field: quoted when it holds a comma, a quote or a line break (quotes doubled), as RFC 4180 writes it. */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows `from` to `to` (exclusive) of the scores CSV, without the header; each line ends with CRLF. */
export function scoresCsvRows(inputs: ReportInputs, from: number, to: number): string {
  const { table, risk, spend, segments } = inputs;
  const idCol = inputs.idColumn ? table.columns.find((c) => c.name === inputs.idColumn) : undefined;
  const names = segments?.names.map((n) => field(spreadsheetSafe(n))) ?? [];
  let out = '';
  for (let i = from; i < to; i++) {
    let line = idCol ? (isMissing(idCol, i) ? '' : field(spreadsheetSafe(cellText(idCol, i)))) : String(i + 1);
    if (risk) {
      const s = risk.scores[i];
      line += s !== s ? ',,' : `,${s},${s >= inputs.threshold ? 'yes' : 'no'}`;
    }
    if (spend) {
      const v = spend.predictions[i];
      line += Number.isFinite(v) ? `,${v}` : ',';
    }
    if (segments) {
      const s = segments.segmentOfRow[i];
      line += s < 0 ? ',,' : `,${s + 1},${names[s] ?? ''}`;
    }
    out += `${line}\r\n`;
  }
  return out;
}

/** The header line of the scores CSV, ending with CRLF. */
export function scoresCsvHeader(inputs: ReportInputs): string {
  return `${Papa.unparse([scoresHeader(inputs).map(spreadsheetSafe)], { newline: '\r\n' })}\r\n`;
}

/** The whole scores CSV (header and every row). */
export function scoresCsv(inputs: ReportInputs): string {
  return scoresCsvHeader(inputs) + scoresCsvRows(inputs, 0, inputs.table.rowCount);
}
