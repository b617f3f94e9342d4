/**
 * The text of one workbook cell (the value shapes of exceljs: plain values, formulas with their
 * saved result, rich text, hyperlinks, error values) as the CSV reader would read it.
 */
import { cellText } from './cell-text';

/** A cell's text, and what was wrong with it when it could not be read (it is then missing). */
export interface SheetCellText {
  text: string;
  /** An Excel error value such as `#DIV/0!`, or a formula saved without its value. */
  problem?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

/** The text of a cell value: a formula gives its cached result, rich text its letters, a hyperlink its text. */
export function sheetCellText(value: unknown): SheetCellText {
  const plain = cellText(value);
  if (plain !== null) return { text: plain };
  if (!isRecord(value)) return { text: '' };
  if (typeof value.error === 'string') return { text: '', problem: `the Excel error ${value.error}` };
  if ('formula' in value || 'sharedFormula' in value) {
    if (value.result === undefined) return { text: '', problem: 'a formula saved without its value' };
    return sheetCellText(value.result);
  }
  if (Array.isArray(value.richText)) return { text: value.richText.map((run) => (isRecord(run) && typeof run.text === 'string' ? run.text : '')).join('') };
  if (typeof value.text === 'string') return { text: value.text };
  if (isRecord(value.text)) return sheetCellText(value.text);
  return { text: '' };
}

/** The spreadsheet name of a column: 1 → A, 27 → AA. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
