/** Long main-thread tasks (over 50 ms) of a page, for the browser benchmarks. */
import type { Page } from 'playwright-core';

type Watched = { __longTasks: { start: number; duration: number }[]; __longTasksSince: number };

/** Records every long task of `page` from its next navigation on. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as Watched;
    w.__longTasks = [];
    w.__longTasksSince = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/**
 * Forgets the long tasks recorded so far. The observer reports a task some time after it
 * ends, so tasks that started before this moment are left out even when reported later.
 */
export async function resetLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as Watched;
    w.__longTasks = [];
    w.__longTasksSince = performance.now();
  });
}

/** How many long tasks started since the last reset, and the longest in ms. */
export async function longTasks(page: Page): Promise<{ count: number; longest: number }> {
  const tasks = await page.evaluate(() => {
    const w = window as unknown as Watched;
    return w.__longTasks.filter((t) => t.start >= w.__longTasksSince).map((t) => t.duration);
  });
  return { count: tasks.length, longest: tasks.length ? Math.max(...tasks) : 0 };
}
