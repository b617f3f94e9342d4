import { describe, expect, test } from 'vitest';
import { runThenCancel, useApp } from './browser';

const { session } = useApp({ hash: '#/predict' });

describe("the Predict page's progress", () => {
  test('says each model’s folds and trees while the default models run, and the forest gives the same R² again after a cancel', async () => {
    const { page } = session;
    await page.getByTestId('target-select').waitFor();
    for (const model of ['linear', 'ridge', 'rf', 'gbm']) expect(await page.locator(`input[data-model="${model}"]`).isChecked()).toBe(true);
    // Every text the progress line shows, however briefly (the example data runs in a second or two).
    await page.evaluate(() => {
      const seen = new Set<string>();
      (window as unknown as { progressNotes: Set<string> }).progressNotes = seen;
      new MutationObserver(() => {
        for (const note of document.querySelectorAll('.run .note')) seen.add(note.textContent ?? '');
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByTestId('run').click();
    await page.getByTestId('cancel').waitFor({ state: 'detached', timeout: 90_000 });
    const notes = await page.evaluate(() => [...(window as unknown as { progressNotes: Set<string> }).progressNotes]);
    // A forest's folds run in chunks of trees on both workers; boosting's folds whole, tree after tree.
    expect(notes.some((n) => /Random forest: [0-4] of 5 folds done, \d+ of 500 trees/.test(n))).toBe(true);
    expect(notes.some((n) => /Gradient boosting: [0-4] of 5 folds done, \d+ of 500 trees/.test(n))).toBe(true);
    expect(notes.every((n) => !/NaN|undefined/.test(n))).toBe(true);
    const r2 = Number(await page.locator('tr[data-model="rf"] [data-metric="r2"]').getAttribute('data-value'));
    expect(r2).toBeGreaterThan(0.95);

    // Cancelled halfway, then run again on the workers that replaced the cancelled ones: the same forest.
    await runThenCancel(page);
    await page.getByTestId('cancel').waitFor({ state: 'detached', timeout: 1_000 });
    await page.getByTestId('run').click();
    await page.getByTestId('cancel').waitFor({ state: 'detached', timeout: 90_000 });
    expect(Number(await page.locator('tr[data-model="rf"] [data-metric="r2"]').getAttribute('data-value'))).toBe(r2);
    expect(session.pageErrors).toStrictEqual([]);
  });
});
