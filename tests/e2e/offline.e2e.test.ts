import { describe, expect, test } from 'vitest';
import { appUrl, useApp, waitForShape } from './browser';

const { session } = useApp();

describe('offline and installable', () => {
  test('after the first visit the app opens and runs with no network, from its sub-path', async () => {
    const { page, context } = session;
    await waitForShape(page, 238, 7);
    // The manifest makes the app installable from whatever folder serves it.
    const manifest = await page.evaluate(async () => (await fetch(document.querySelector<HTMLLinkElement>('link[rel="manifest"]')!.href)).json());
    expect(manifest).toMatchObject({ name: 'Customer Intelligence', start_url: './', scope: './', display: 'standalone' });
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(['192x192', '512x512', 'any']);
    // The service worker controls the page once it has every file of the build.
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated' && navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(new URL('./', appUrl).href);
    expect(scope).toContain('/customer-intelligence/');

    await context.setOffline(true);
    try {
      await page.reload();
      await waitForShape(page, 238, 7);
      // A page whose code and workers load lazily runs its computation.
      await page.getByTestId('nav-segments').click();
      await page.getByTestId('run').click();
      await page.locator('[data-metric="silhouette"]').first().waitFor({ timeout: 60_000 });
      expect(Number(await page.locator('[data-metric="silhouette"]').first().getAttribute('data-value'))).toBeGreaterThan(0.5);
      // No update is waiting: nothing is offered.
      await expect(page.getByTestId('app-update').count()).resolves.toBe(0);
    } finally {
      await context.setOffline(false);
    }
    expect(session.pageErrors).toStrictEqual([]);
  });
});
