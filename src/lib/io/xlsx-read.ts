/**
 * Reading an Excel workbook (.xlsx) through exceljs, imported only when such a file is opened so
 * the app's main bundle does not carry it (the browser build gets exceljs's own browser bundle,
 * its package.json `browser` field). One sheet is read (the first unless named): its first
 * non-empty row is the header, the columns span the cells used; dates come as dates, formulas
 * as their saved values. Merged cells and unreadable cells are reported by sheet, row and column.
 */
import type { Workbook, Worksheet } from 'exceljs';
import { ParseError } from '../ml/data/csv/parse-error';
import type { CsvOptions } from '../ml/data/csv/options';
import type { ParseOutcome } from '../ml/data/csv/outcome';
import { buildTable, type RowEmitter } from '../ml/data/formats/build-table';
import { columnLetters, sheetCellText } from '../ml/data/formats/sheet-cell';
import type { ReadProgress } from './csv-stream';

/** Options of the workbook reader: the CSV options, and the sheet to read (default: the first). */
export interface XlsxOptions extends Partial<CsvOptions> {
  sheet?: string;
}

/** exceljs as a CommonJS module (Node) or its browser bundle (Vite): the classes hang on `default` or on the module. */
async function loadExcelJs(): Promise<{ Workbook: new () => Workbook }> {
  const module = (await import('exceljs')) as unknown as { default?: { Workbook: new () => Workbook }; Workbook?: new () => Workbook };
  const api = module.default ?? module;
  if (!api.Workbook) throw new Error('exceljs did not load');
  return api as { Workbook: new () => Workbook };
}

/** Rows looked at to find the header below a title. */
const headerSearchRows = 50;

/**
 * The header row and the span of used columns of a sheet, or null when it holds nothing. The
 * header is the first row filled at least half as wide as the widest of the first rows, so a
 * title above the table (one cell, then a blank row) is skipped.
 */
function extentOf(sheet: Worksheet): { header: number; first: number; last: number } | null {
  const filled: { row: number; count: number; first: number; last: number }[] = [];
  sheet.eachRow((row, rowNumber) => {
    let count = 0;
    let first = Infinity;
    let last = 0;
    row.eachCell((cell, column) => {
      // A cell covered by a merged range repeats its master's value: it does not widen a title.
      if ((cell.isMerged && cell.master !== cell) || sheetCellText(cell.value).text.trim() === '') return;
      count++;
      first = Math.min(first, column);
      last = Math.max(last, column);
    });
    if (count) filled.push({ row: rowNumber, count, first, last });
  });
  if (filled.length === 0) return null;
  const widest = Math.max(...filled.slice(0, headerSearchRows).map((f) => f.count));
  const at = filled.findIndex((f) => f.count * 2 >= widest);
  let first = Infinity;
  let last = 0;
  for (let i = at; i < filled.length; i++) {
    first = Math.min(first, filled[i].first);
    last = Math.max(last, filled[i].last);
  }
  return { header: filled[at].row, first, last };
}

/** Notes about merged cells: those of the header by range, the others counted. */
function mergeWarnings(sheet: Worksheet, where: string, header: number, first: number, last: number): string[] {
  const headerMerges = new Set<string>();
  let dataMerged = 0;
  let firstData = '';
  sheet.eachRow((row, rowNumber) => {
    row.eachCell((cell, column) => {
      if (!cell.isMerged || rowNumber < header || column < first || column > last) return;
      if (rowNumber === header) headerMerges.add(cell.master.address);
      else if (cell.master !== cell) {
        dataMerged++;
        firstData ||= cell.address;
      }
    });
  });
  const warnings: string[] = [];
  if (headerMerges.size) {
    warnings.push(`${where}: the header has merged cells (${[...headerMerges].join(', ')}); each column under a merged cell takes its name, numbered from the second on.`);
  }
  if (dataMerged) {
    warnings.push(`${where}: ${dataMerged} data cell${dataMerged > 1 ? 's are' : ' is'} part of merged cells (first at ${firstData}); each takes the value of its merged range.`);
  }
  return warnings;
}

/**
 * Reads one sheet of a workbook into a table with the CSV typing rules.
 * @param name the file name (the table's name)
 * @throws ParseError naming the file and sheet: not a workbook, no such sheet, an empty sheet
 */
export async function parseXlsx(file: Blob, name: string, onProgress?: ReadProgress, options: XlsxOptions = {}): Promise<ParseOutcome> {
  const { Workbook: WorkbookClass } = await loadExcelJs();
  const workbook = new WorkbookClass();
  try {
    // exceljs types ask for a Node Buffer; it reads any ArrayBuffer (JSZip underneath).
    await workbook.xlsx.load((await file.arrayBuffer()) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    throw new ParseError(`${name} could not be read as an Excel workbook (.xlsx): ${(error as Error).message}. Is it an older .xls file? Save it as .xlsx or CSV.`);
  }
  const sheets = workbook.worksheets.map((s) => s.name);
  if (sheets.length === 0) throw new ParseError(`${name} has no sheets: expected an Excel workbook with a sheet of data (a header row, then one row per customer).`);
  const sheet = options.sheet === undefined ? workbook.worksheets[0] : workbook.worksheets.find((s) => s.name === options.sheet);
  if (!sheet) throw new ParseError(`${name} has no sheet "${options.sheet}"; its sheets are ${sheets.map((s) => `"${s}"`).join(', ')}.`);
  const where = `${name}, sheet "${sheet.name}"`;
  onProgress?.(file.size / 2, file.size);
  const extent = extentOf(sheet);
  if (!extent) {
    const others = sheets.length > 1 ? ` Pick another sheet (${sheets.filter((s) => s !== sheet.name).map((s) => `"${s}"`).join(', ')}).` : '';
    throw new ParseError(`${where} is empty: expected a header row and data rows.${others}`);
  }
  const { header, first, last } = extent;
  const warnings = mergeWarnings(sheet, where, header, first, last);
  if (header > 1) warnings.unshift(`${where}: the table starts at row ${header}; the rows above it (a title or notes) were not read.`);
  const problems: { count: number; first: string } = { count: 0, first: '' };
  const headerNames: string[] = [];
  const total = sheet.rowCount;
  const rows: RowEmitter = (emit) => {
    problems.count = 0;
    sheet.eachRow((row, rowNumber) => {
      if (rowNumber < header) return;
      const fields = new Array<string>(last - first + 1).fill('');
      row.eachCell((cell, column) => {
        if (column < first || column > last) return;
        const { text, problem } = sheetCellText(cell.value);
        fields[column - first] = text;
        if (problem && rowNumber > header) {
          if (problems.count++ === 0) problems.first = `cell ${columnLetters(column)}${rowNumber} (row ${rowNumber}, column "${headerNames[column - first] || columnLetters(column)}") holds ${problem}`;
        }
      });
      if (rowNumber === header) headerNames.splice(0, headerNames.length, ...fields.map((f) => f.trim()));
      if (onProgress && rowNumber % 5000 === 0) onProgress(file.size / 2 + (file.size / 2) * (rowNumber / total), file.size);
      // exceljs's eachRow cannot stop early; rows past the limit are handed over and refused by the builder.
      emit(fields, rowNumber);
    });
  };
  const outcome = await buildTable(name, rows, options, warnings, where);
  if (problems.count) {
    const more = problems.count > 1 ? `; ${problems.count} such cells in all` : '';
    outcome.warnings.push(`${where}: ${problems.first}, read as missing${more}.`);
  }
  return { ...outcome, sheets, sheet: sheet.name };
}
