/** Long main-thread tasks (over 50 ms) of a page, for the browser benchmarks. */
import type { Page } from 'playwright-core';

type Watched = { __longTasks: number[] };

/** Records every long task of `page` from its next navigation on. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as Watched;
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** Forgets the long tasks recorded so far. */
export async function resetLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as Watched).__longTasks = []));
}

/** How many long tasks were recorded since the last reset, and the longest in ms. */
export async function longTasks(page: Page): Promise<{ count: number; longest: number }> {
  const tasks = await page.evaluate(() => (window as unknown as Watched).__longTasks);
  return { count: tasks.length, longest: tasks.length ? Math.max(...tasks) : 0 };
}
