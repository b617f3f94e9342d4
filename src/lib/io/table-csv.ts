/** A whole table as CSV text in the table's own words (formula-like cells neutralised), e.g. the customer table. */
import Papa from 'papaparse';
import { cellText, type Table } from '../ml/core/table';
import { spreadsheetSafe } from './csv-export';

/** Every row and column of `table` as CSV text. */
export function tableCsv(table: Table): string {
  const fields = table.columns.map((c) => spreadsheetSafe(c.name));
  const data: string[][] = [];
  for (let i = 0; i < table.rowCount; i++) data.push(table.columns.map((c) => spreadsheetSafe(cellText(c, i))));
  return Papa.unparse({ fields, data });
}
