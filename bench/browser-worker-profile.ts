/**
 * CPU profiles of a page's workers (the app's pool, where training runs), which the main-thread
 * trace of browser-profile.ts does not see. Each worker target is attached through the browser's
 * CDP session (non-flattened, as browser-load.ts reads their heaps) and sampled every 0.5 ms; the
 * summary is self time per function, with wasm functions by index. Used by bench/browser-flow.ts
 * with `--profile-workers`; read it on an unminified build (`vite build --minify false`). Sampling
 * slows the workers by about a tenth.
 */
import type { Browser, CDPSession } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One worker's profile: its sampled time and the functions that took most of it (self time). */
export interface WorkerProfile {
  ms: number;
  self: { name: string; ms: number }[];
}

/** Workers being profiled; `stop` ends every profile and summarises each. */
export interface WorkerProfiling {
  stop(): Promise<WorkerProfile[]>;
}

/** Starts profiling every worker of the browser, those there now and those started within the step (polled every 200 ms). */
export async function profileWorkers(browser: Browser): Promise<WorkerProfiling> {
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  const sessions = new Map<string, { next: number; waiting: Map<number, (result: unknown) => void> }>();
  cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
    const message = JSON.parse(event.message) as { id?: number; result?: unknown };
    if (message.id !== undefined) sessions.get(event.sessionId)?.waiting.get(message.id)?.(message.result);
  });
  const send = (sessionId: string, method: string, params: object = {}): Promise<unknown> => {
    const session = sessions.get(sessionId);
    if (!session) return Promise.resolve(undefined);
    const id = ++session.next;
    const answer = new Promise<unknown>((done) => session.waiting.set(id, done));
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(() => undefined);
    return answer;
  };
  const seen = new Set<string>();
  const attach = async (targetId: string): Promise<void> => {
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: false })) as { sessionId: string };
    sessions.set(sessionId, { next: 0, waiting: new Map() });
    await send(sessionId, 'Profiler.enable');
    await send(sessionId, 'Profiler.setSamplingInterval', { interval: 500 });
    await send(sessionId, 'Profiler.start');
  };
  const poll = async (): Promise<void> => {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
    for (const target of targetInfos) {
      if (target.type !== 'worker' || seen.has(target.targetId)) continue;
      seen.add(target.targetId);
      await attach(target.targetId).catch(() => undefined);
    }
  };
  await poll();
  const timer = setInterval(() => void poll().catch(() => undefined), 200);
  return {
    async stop(): Promise<WorkerProfile[]> {
      clearInterval(timer);
      const out: WorkerProfile[] = [];
      for (const sessionId of sessions.keys()) {
        const timeout = new Promise<undefined>((done) => setTimeout(() => done(undefined), 5000));
        const result = (await Promise.race([send(sessionId, 'Profiler.stop'), timeout])) as { profile?: Profile } | undefined;
        if (result?.profile) out.push(summarise(result.profile));
      }
      await cdp.detach().catch(() => undefined);
      return out.filter((p) => p.ms > 0).sort((a, b) => b.ms - a.ms);
    },
  };
}

/** Self time per function (name, file and line), most first; the top 15. */
function summarise(profile: Profile): WorkerProfile {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const spent = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const frame = byId.get(profile.samples[i])?.callFrame;
    if (!frame) continue;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${frame.lineNumber + 1}`;
    spent.set(name, (spent.get(name) ?? 0) + ms);
    total += ms;
  }
  const self = [...spent].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms).slice(0, 15);
  return { ms: total, self };
}
