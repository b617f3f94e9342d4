/**
 * What a page's longest main-thread tasks spent their time on: a Chromium trace (each task's wall
 * and thread time, and what ran inside it: scripts, style, layout, paint, garbage collection) and
 * optionally a CPU profile (the JavaScript functions). Both use the browser's monotonic clock, so
 * the profile's samples are read over the trace's task exactly. Used by bench/browser-flow.ts:
 * the thread time of each step's longest task, and with `--profile` what it ran.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';

/** Time spent in one thing (a trace event's name, or a function and where it is), ms. */
export interface Spent {
  name: string;
  ms: number;
}

/** A long task and what it spent its time on. */
export interface TaskProfile {
  /** Wall time, ms. */
  ms: number;
  /** Time the main thread ran (wall time less what other processes took from it), ms. */
  cpuMs: number;
  /** Self time per trace event inside the task (FunctionCall, Layout, Paint…), most first. */
  events: Spent[];
  /** Self time per JavaScript function (CPU profile), most first. */
  self: Spent[];
  /** Time in each function and what it called, most first. */
  total: Spent[];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** A trace, and a CPU profile, being recorded. */
export interface ProfileSession {
  browser: Browser;
  /** The CPU profiler's session (none when only tasks are traced). */
  session?: CDPSession;
}

/**
 * Starts tracing `page`'s tasks; with `cpu`, also what runs inside them and a sample of its main
 * thread every millisecond (the profiler first: starting it is itself a long task).
 */
export async function startProfile(browser: Browser, page: Page, cpu = true): Promise<ProfileSession> {
  let session: CDPSession | undefined;
  if (cpu) {
    session = await page.context().newCDPSession(page);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 1000 });
    await session.send('Profiler.start');
  }
  const categories = cpu ? ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing'] : ['toplevel'];
  await browser.startTracing(page, { categories });
  return { browser, session };
}

/** What a recording read: the longest tasks, and the most thread time any one task took. */
export interface Recorded {
  /** The `count` longest tasks (wall time), longest first. */
  tasks: TaskProfile[];
  /** The most time one main-thread task ran on its thread, ms: the page's own work, whatever else the machine ran. */
  longestCpuMs: number;
}

/** Stops recording and reads the `count` longest tasks of the page's main thread (top `limit` of each list). */
export async function stopProfile({ browser, session }: ProfileSession, count = 4, limit = 12): Promise<Recorded> {
  let profile: Profile = { nodes: [], startTime: 0, samples: [], timeDeltas: [] };
  if (session) {
    profile = ((await session.send('Profiler.stop')) as unknown as { profile: Profile }).profile;
    await session.detach();
  }
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  const mains = new Set(traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const complete = traceEvents.filter((e) => e.ph === 'X' && e.dur !== undefined && mains.has(`${e.pid}:${e.tid}`));
  const tasks = complete.filter((e) => e.cat.split(',').includes('toplevel')).sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0));
  const longestCpuMs = tasks.reduce((most, t) => Math.max(most, (t.tdur ?? 0) / 1000), 0);
  return { tasks: tasks.slice(0, count).map((task) => taskProfile(task, complete, profile, limit)), longestCpuMs };
}

function taskProfile(task: TraceEvent, complete: TraceEvent[], profile: Profile, limit: number): TaskProfile {
  const from = task.ts;
  const to = task.ts + (task.dur ?? 0);
  // Self time of each event inside the task: its duration less its children's.
  const inside = complete.filter((e) => e.pid === task.pid && e.tid === task.tid && e.ts >= from && e.ts + (e.dur ?? 0) <= to).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const events = new Map<string, number>();
  const stack: { end: number; name: string; self: number }[] = [];
  const close = (until: number) => {
    while (stack.length && stack[stack.length - 1].end <= until) {
      const done = stack.pop()!;
      events.set(done.name, (events.get(done.name) ?? 0) + done.self / 1000);
    }
  };
  for (const e of inside) {
    close(e.ts);
    if (stack.length) stack[stack.length - 1].self -= e.dur ?? 0;
    stack.push({ end: e.ts + (e.dur ?? 0), name: e.name, self: e.dur ?? 0 });
  }
  close(Infinity);
  // CPU profile samples inside the task: sample i is at startTime + timeDeltas[0..i] µs and lasts until the next.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const nameOf = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop() ?? ''}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i];
    if (at < from || at >= to) continue;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    let id: number | undefined = profile.samples[i];
    const node = byId.get(id);
    if (node) self.set(nameOf(node), (self.get(nameOf(node)) ?? 0) + ms);
    const seen = new Set<string>();
    for (; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id);
      if (!n) break;
      const name = nameOf(n);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + ms);
    }
  }
  const top = (m: Map<string, number>) => [...m].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms).slice(0, limit);
  return { ms: (task.dur ?? 0) / 1000, cpuMs: (task.tdur ?? task.dur ?? 0) / 1000, events: top(events), self: top(self), total: top(total) };
}
