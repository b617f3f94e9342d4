import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Download, Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useApp, waitForShape } from './browser';

const { session } = useApp();
const dir = mkdtempSync(join(tmpdir(), 'ci-downloads-'));

/** Clicks `button` and returns the file the page offers. */
async function download(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download') as Promise<Download>, button.click()]);
  const path = join(dir, file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

describe('every chart as PNG and SVG, every table as CSV', () => {
  test("the Segments sweep's elbow chart and its table download as shown", async () => {
    const { page } = session;
    await waitForShape(page, 238, 7);
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('run').click();
    await page.locator('[data-metric="silhouette"]').first().waitFor({ timeout: 60_000 });
    const elbow = page.locator('.figure', { has: page.locator('[aria-label="Elbow: inertia by k"]') });
    await elbow.locator('.main-svg').first().waitFor();

    const svg = await download(page, elbow.getByTestId('chart-svg'));
    expect(svg.name).toBe('elbow-inertia-by-k.svg');
    expect(svg.bytes.toString('utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const png = await download(page, elbow.getByTestId('chart-png'));
    expect(png.name).toBe('elbow-inertia-by-k.png');
    expect(png.bytes.subarray(1, 4).toString('ascii')).toBe('PNG');

    const table = page.getByTestId('sweep-table');
    // The CSV button sits just before its table.
    const csv = (await download(page, page.locator('[data-testid="table-csv"]:has(+ [data-testid="sweep-table"])'))).bytes.toString('utf8');
    const shown = await table.locator('tbody tr').count();
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(shown + 1);
    expect(lines[0]).toBe((await table.locator('thead th').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()).join(','));
    expect(session.pageErrors).toStrictEqual([]);
  });

  test("a chart drawn as our own SVG (Monitor's PSI bars) downloads with its colours inlined, and as a PNG", async () => {
    const { page } = session;
    await page.getByTestId('nav-monitor').click();
    await page.getByTestId('drift-file-input').setInputFiles(fileURLToPath(new URL('../fixtures/customer_purchasing_income_up30.csv', import.meta.url)));
    const chart = page.getByTestId('drift-chart');
    await chart.waitFor({ timeout: 60_000 });
    const bar = page.locator('.chart-downloads-inline:has(+ [data-testid="drift-chart"])');
    const svg = (await download(page, bar.getByTestId('chart-svg'))).bytes.toString('utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('annual_income');
    expect(svg).not.toContain('class=');
    expect(svg).toMatch(/style="fill:rgb\(/);
    const png = await download(page, bar.getByTestId('chart-png'));
    expect(png.name).toBe('psi-per-column.png');
    expect(png.bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(session.pageErrors).toStrictEqual([]);
  });
});
