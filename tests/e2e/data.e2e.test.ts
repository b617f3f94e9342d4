import { describe, expect, test } from 'vitest';
import { columnInfo, datasetShape, pickContent, useApp, waitForIdle, waitForShape } from './browser';

const { session } = useApp();

describe('the Data page', () => {
  test('opens with the default dataset: 238 rows × 7 columns, types inferred', async () => {
    const { page } = session;
    await waitForShape(page, 238, 7);
    expect((await datasetShape(page)).name).toBe('customer_purchasing_behaviors.csv');
    expect(await columnInfo(page, 'user_id')).toMatchObject({ type: 'id', role: 'id', missing: 0, unique: 238 });
    expect(await columnInfo(page, 'region')).toMatchObject({ type: 'categorical', role: 'feature', missing: 0, unique: 4 });
    expect(await columnInfo(page, 'age')).toMatchObject({ type: 'numeric', isConstant: false });
    await expect(page.getByTestId('data-source').textContent()).resolves.toContain('hanaksoy');
  });

  test('keeps type and role edits across navigation', async () => {
    const { page } = session;
    const row = page.locator('[data-testid="column-row"][data-column="region"]');
    await row.getByTestId('role-select').selectOption('ignore');
    await page.locator('[data-testid="column-row"][data-column="loyalty_score"]').getByTestId('role-select').selectOption('target');
    await page.locator('[data-testid="column-row"][data-column="age"]').getByTestId('type-select').selectOption('categorical');
    await page.getByTestId('nav-explore').click();
    await page.waitForURL(/#\/explore$/);
    await page.getByTestId('nav-data').click();
    expect(await columnInfo(page, 'region')).toMatchObject({ role: 'ignore', type: 'categorical' });
    expect(await columnInfo(page, 'loyalty_score')).toMatchObject({ role: 'target' });
    expect(await columnInfo(page, 'age')).toMatchObject({ type: 'categorical' });
  });

  test('loads the marketing example: 2,240 × 29, tab-separated, with dates, missing incomes and constants', async () => {
    const { page } = session;
    await page.getByTestId('example-select').selectOption('marketing_campaign.csv');
    await page.getByTestId('load-example').click();
    await waitForShape(page, 2240, 29);
    expect(await columnInfo(page, 'ID')).toMatchObject({ type: 'id', role: 'id' });
    expect(await columnInfo(page, 'Education')).toMatchObject({ type: 'categorical', missing: 0 });
    expect(await columnInfo(page, 'Marital_Status')).toMatchObject({ type: 'categorical' });
    expect(await columnInfo(page, 'Dt_Customer')).toMatchObject({ type: 'date', missing: 0 });
    expect(await columnInfo(page, 'Income')).toMatchObject({ type: 'numeric', missing: 24 });
    expect(await columnInfo(page, 'Z_CostContact')).toMatchObject({ isConstant: true, unique: 1 });
    expect(await columnInfo(page, 'Z_Revenue')).toMatchObject({ isConstant: true, unique: 1 });
    expect(await columnInfo(page, 'Income')).toMatchObject({ isConstant: false });
    await expect(page.getByTestId('data-source').textContent()).resolves.toContain('imakash3011');
  });

  test('previews 200,000 rows with only the visible rows in the DOM, and scrolls to the last one', async () => {
    const { page } = session;
    const lines = ['id,value,group'];
    for (let i = 0; i < 200_000; i++) lines.push(`${i},${(i * 7) % 1000},g${i % 5}`);
    await pickContent(page, 'many-rows.csv', lines.join('\n'));
    await waitForShape(page, 200_000, 3);
    const preview = page.getByTestId('row-preview');
    const domRows = await preview.locator('[role="row"]').count();
    expect(domRows).toBeGreaterThan(5);
    expect(domRows).toBeLessThan(60);
    await preview.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect
      .poll(() => preview.locator('[role="row"]').last().getAttribute('aria-rowindex'))
      .toBe(String(200_000 + 1));
    expect(await preview.locator('[role="row"]').last().locator('[role="cell"]').nth(1).textContent()).toBe('199999');
  });

  test('a file dropped anywhere on the page is loaded', async () => {
    const { page } = session;
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['name,score\nann,1\nbob,2\ncid,3\n'], 'dropped.csv', { type: 'text/csv' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        document.querySelector('footer')!.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    });
    await waitForShape(page, 3, 2);
    expect((await datasetShape(page)).name).toBe('dropped.csv');
    expect(await page.getByTestId('drop-overlay').count()).toBe(0);
  });

  test('cancel stops a load and keeps the dataset loaded before; the next load works', async () => {
    const { page } = session;
    const before = await datasetShape(page);
    const lines = ['a,b,c,d,e'];
    for (let i = 0; i < 800_000; i++) lines.push(`${i},${i % 97}.5,${i % 13},x${i % 7},${i * 3}`);
    await pickContent(page, 'big.csv', lines.join('\n'));
    await page.getByTestId('progress').waitFor();
    expect(Number(await page.getByTestId('progress').getAttribute('aria-valuemax'))).toBeGreaterThan(15_000_000);
    await page.getByTestId('cancel').click();
    await waitForIdle(page);
    expect(await datasetShape(page)).toEqual(before);
    await pickContent(page, 'small.csv', 'x,y\n1,2\n3,4\n');
    await waitForShape(page, 2, 2);
  });
});
