/**
 * Files in: an Excel workbook (sheet picker), a gzip-compressed CSV, a Parquet file dropped on the page, a `;` file with decimal
 * commas (the question and its answer), and a broken JSON Lines file (an alert naming the line,
 * the table shown kept), all read in the worker in real Chromium; the sheet chosen survives a reload.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { alertTexts, columnInfo, datasetShape, pickContent, pickFile, useApp, waitForIdle, waitForShape } from './browser';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

const { session } = useApp();

beforeAll(async () => {
  await waitForShape(session.page, 238, 7);
});

describe('files in', () => {
  test('customers.xlsx loads as the CSV does: 238 rows × 7 columns, no sheet picker for one sheet', async () => {
    const { page } = session;
    await pickFile(page, fixture('customers.xlsx'));
    await page.waitForSelector('[data-testid="dataset-summary"] .name:text-is("customers.xlsx")', { timeout: 60_000 });
    await waitForShape(page, 238, 7);
    expect(await page.getByTestId('sheet-picker').count()).toBe(0);
    expect(await alertTexts(page)).toEqual([]);
  });

  test('customers.csv.gz loads: 238 rows × 7 columns', async () => {
    const { page } = session;
    await pickFile(page, fixture('customers.csv.gz'));
    await page.waitForSelector('[data-testid="dataset-summary"] .name:text-is("customers.csv.gz")', { timeout: 60_000 });
    await waitForShape(page, 238, 7);
  });

  test('customers.parquet dropped on the page loads: 238 rows × 7 columns', async () => {
    const { page } = session;
    const base64 = readFileSync(fixture('customers.parquet')).toString('base64');
    await page.evaluate((data) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'customers.parquet'));
      for (const type of ['dragenter', 'dragover', 'drop']) document.body.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, base64);
    await page.waitForSelector('[data-testid="dataset-summary"] .name:text-is("customers.parquet")', { timeout: 60_000 });
    await waitForShape(page, 238, 7);
  });

  test('a workbook with two sheets: the first is shown, the picker reads the other; the merged header is reported', async () => {
    const { page } = session;
    await pickFile(page, fixture('orders_two_sheets.xlsx'));
    await waitForShape(page, 4, 7);
    const picker = page.getByTestId('sheet-picker');
    expect(await picker.inputValue()).toBe('Orders');
    expect((await alertTexts(page)).join('\n')).toMatch(/sheet "Orders": the header has merged cells \(F1\)/);
    expect((await columnInfo(page, 'placed')).type).toBe('date');
    await picker.selectOption('Regions');
    await waitForShape(page, 3, 3);
    expect(await page.getByTestId('sheet-picker').inputValue()).toBe('Regions');
    // The sheet chosen is kept with the file: a reload reads the same sheet.
    await page.waitForSelector('[data-testid="kept-file"][data-state="kept"]', { timeout: 30_000 });
    await page.reload();
    await waitForShape(page, 3, 3);
    expect(await page.getByTestId('sheet-picker').inputValue()).toBe('Regions');
  });

  test('a ; file with decimal commas: read as numbers, and back as written on request', async () => {
    const { page } = session;
    await pickFile(page, fixture('european_semicolon.csv'));
    await waitForShape(page, 4, 4);
    const notice = page.getByTestId('decimal-notice');
    await expect.poll(() => notice.getAttribute('data-applied')).toBe('true');
    expect(await notice.textContent()).toMatch(/“1\.234,5” were read as numbers with a decimal comma \(1234\.5\)/);
    expect((await columnInfo(page, 'umsatz')).type).toBe('numeric');
    await page.getByTestId('decimal-revert').click();
    await waitForIdle(page);
    await expect.poll(async () => (await columnInfo(page, 'umsatz')).type).not.toBe('numeric');
    expect(await page.getByTestId('decimal-notice').count()).toBe(0);
  });

  test('a broken JSON Lines file: an alert names the file and line, the table shown stays', async () => {
    const { page } = session;
    const before = await datasetShape(page);
    await pickContent(page, 'broken.jsonl', '{"a":1,"b":2}\n{"a":2,"b":\n', 'application/x-ndjson');
    await page.waitForSelector('[role="alert"]', { timeout: 60_000 });
    expect((await alertTexts(page)).join('\n')).toMatch(/broken\.jsonl: line 2 is not valid JSON/);
    expect(await datasetShape(page)).toEqual(before);
  });
});
