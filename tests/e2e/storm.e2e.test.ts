import { describe, expect, test } from 'vitest';
import { alertTexts, useApp } from './browser';

const { session } = useApp();

/** Waits until the page root says all its work is drawn. */
async function settled(name: string): Promise<void> {
  await session.page.waitForSelector(`[data-testid="page-${name}"][aria-busy="false"]`, { timeout: 60_000 });
}

/**
 * Clicks a cancel button if one is showing. The run it belongs to may finish between
 * finding the button and clicking it, and then there is nothing left to cancel.
 */
async function cancelIfRunning(): Promise<void> {
  const cancel = session.page.getByTestId('cancel');
  if (!(await cancel.count())) return;
  await cancel.first().click({ timeout: 2_000 }).catch(async (error: unknown) => {
    if (await cancel.count()) throw error;
  });
}

describe('a storm of runs, cancels and page changes', () => {
  test('raises no error, leaves nothing busy and the last settings win', async () => {
    const { page } = session;
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('worker', (worker) => worker.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    }));
    // Long Segments runs, so that leaving the page or cancelling always catches one mid-way.
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('k-max').fill('30');
    await page.getByTestId('n-init').fill('50');
    const steps: [page: string, action: 'run' | 'cancel' | 'none'][] = [
      ['segments', 'run'], ['predict', 'run'], ['segments', 'run'], ['segments', 'cancel'], ['risk', 'run'],
      ['customer', 'none'], ['customer', 'cancel'], ['predict', 'run'], ['predict', 'cancel'], ['segments', 'run'],
      ['explore', 'none'], ['risk', 'run'], ['risk', 'cancel'], ['segments', 'run'], ['predict', 'run'],
      ['customer', 'none'], ['segments', 'cancel'], ['risk', 'run'], ['predict', 'run'], ['segments', 'run'],
    ];
    for (const [name, action] of steps) {
      await page.getByTestId(`nav-${name}`).click();
      await page.getByTestId(`page-${name}`).waitFor();
      if (action === 'run') {
        const run = page.getByTestId('run');
        if (await run.isEnabled()) await run.click();
      } else if (action === 'cancel') {
        await cancelIfRunning();
      }
      await page.waitForTimeout(120);
    }
    // The last Segments run (k up to 30, 50 restarts) is cancelled; then a small one gives its own k range.
    await cancelIfRunning();
    await page.getByTestId('k-max').fill('4');
    await page.getByTestId('n-init').fill('2');
    await page.getByTestId('run').click();
    await settled('segments');
    await expect(page.locator('[data-testid^="sweep-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')))).resolves.toEqual(['sweep-row-2', 'sweep-row-3', 'sweep-row-4']);
    for (const name of ['predict', 'risk', 'customer', 'explore']) {
      await page.getByTestId(`nav-${name}`).click();
      await settled(name);
    }
    expect(session.pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await expect(alertTexts(page)).resolves.toEqual([]);
  });
});
