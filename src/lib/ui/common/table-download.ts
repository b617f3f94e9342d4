/**
 * `use:tableDownload={name}` on a <table>: a "CSV" button before it saves the table as shown (its
 * header row and every body row's cell texts) as a CSV file, cells made spreadsheet-safe.
 */
import { fileStem, gridCsv } from '../../io/grid-csv';
import { downloadText } from './download';

function cellsOf(row: HTMLTableRowElement): string[] {
  return [...row.cells].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim());
}

/** The table's header and body rows as text (the last header row names the columns). */
export function tableTexts(table: HTMLTableElement): { header: string[]; rows: string[][] } {
  const headRows = table.tHead ? [...table.tHead.rows] : [];
  const bodyRows = [...table.tBodies].flatMap((b) => [...b.rows]);
  const header = headRows.length ? cellsOf(headRows[headRows.length - 1]) : bodyRows.length ? cellsOf(bodyRows.shift()!) : [];
  return { header, rows: bodyRows.map(cellsOf) };
}

/** The Svelte action. */
export function tableDownload(table: HTMLTableElement, name: string) {
  let current = name;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'table-csv';
  button.textContent = 'CSV';
  button.dataset.testid = 'table-csv';
  const describe = (): void => button.setAttribute('aria-label', `Download the table ${current} as CSV`);
  describe();
  button.addEventListener('click', () => {
    const { header, rows } = tableTexts(table);
    downloadText(gridCsv(header, rows), `${fileStem(current, 'table')}.csv`);
  });
  table.before(button);
  return {
    update(next: string) {
      current = next;
      describe();
    },
    destroy() {
      button.remove();
    },
  };
}
