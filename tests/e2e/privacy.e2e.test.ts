import { describe, expect, test } from 'vitest';
import { alertTexts, appUrl, cspViolationsOf, openApp, pickContent, useApp, waitForShape } from './browser';

const pages = ['data', 'explore', 'segments', 'predict', 'risk', 'customer', 'experiments', 'report', 'monitor'];

const app = useApp();
const session = app.session;

describe('privacy and safety', () => {
  test('the app works under a sub-path: the page and its data come from /customer-intelligence/', async () => {
    const { page, requests } = session;
    expect(new URL(page.url()).pathname).toBe('/customer-intelligence/');
    await waitForShape(page, 238, 7);
    expect(requests.some((url) => new URL(url).pathname === '/customer-intelligence/data/customer_purchasing_behaviors.csv')).toBe(true);
    expect(requests.filter((url) => url.startsWith('http') && !new URL(url).pathname.startsWith('/customer-intelligence/'))).toEqual([]);
  });

  test('shows a header holding HTML as text: nothing runs, no dialog opens', async () => {
    const { page, dialogs } = session;
    const header = '<img src=x onerror=alert(1)>';
    await pickContent(page, 'xss.csv', `"${header}",amount\n"<b>bold</b>",1\nplain,2\n`);
    await waitForShape(page, 2, 2);
    await expect(page.locator('[data-testid="column-table"]').textContent()).resolves.toContain(header);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.locator('main b').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  test('a whole session (load, upload, visit every page) makes no request to another origin and breaks no CSP rule', async () => {
    const { page } = session;
    await pickContent(page, 'customers.csv', 'id,age,spend,region\n1,30,100,North\n2,40,250,South\n3,50,300,North\n4,35,120,East\n');
    await waitForShape(page, 4, 4);
    for (const id of pages) {
      await page.getByTestId(`nav-${id}`).click();
      await page.waitForURL(new RegExp(`#/${id}$`));
      await page.waitForTimeout(300);
    }
    await page.getByTestId('nav-data').click();
    await page.getByTestId('example-select').selectOption('marketing_campaign.csv');
    await page.getByTestId('load-example').click();
    await waitForShape(page, 2240, 29);
    expect(session.requests.length).toBeGreaterThan(3);
    expect(session.foreignRequests).toEqual([]);
    expect(await cspViolationsOf(session)).toEqual([]);
    expect(session.pageErrors).toEqual([]);
    expect(await alertTexts(page)).toEqual([]);
  });

  test('opening a page directly by its hash works from the static host', async () => {
    const direct = await openApp(app.browser, { hash: '#/segments' });
    try {
      await waitForShape(direct.page, 238, 7);
      expect(await direct.page.getByTestId('nav-segments').getAttribute('aria-current')).toBe('page');
      expect(direct.foreignRequests).toEqual([]);
    } finally {
      await direct.close();
    }
  });

  test('the footer promises that nothing leaves the browser', async () => {
    await expect(session.page.locator('footer').textContent()).resolves.toMatch(/never leaves/);
    expect(appUrl).toMatch(/\/customer-intelligence\/$/);
  });
});
