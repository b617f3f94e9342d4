/*
 * The app's service worker (the build prepends VERSION and PRECACHE, see scripts/offline-plugin.ts).
 * It keeps every file of one build in a cache named after the build, so the app opens and runs
 * with no network after the first visit, from whatever sub-path it is served. A new build is
 * downloaded in the background and waits: the page offers "Reload to update" and the new version
 * takes over only when the user asks, never in the middle of an analysis.
 *
 * It also makes the app cross-origin isolated on hosts that cannot send headers (GitHub Pages):
 * every response it gives carries Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy,
 * so the page and its workers get SharedArrayBuffer (the coi-serviceworker approach,
 * https://github.com/gzuidhof/coi-serviceworker). The page reloads once after this worker first
 * controls it (src/lib/offline/isolation.ts). The user can turn it off: the page then stores
 * ISOLATION_OFF in the settings cache, and responses go out as the host sent them.
 */
/* global self, caches, fetch, Headers, Response, VERSION, PRECACHE */
const CACHE = `customer-intelligence-${VERSION}`;
const PREFIX = 'customer-intelligence-';
/** Settings the page writes (kept across builds); must match src/lib/offline/isolation.ts. */
const SETTINGS = 'customer-intelligence-settings';
const ISOLATION_OFF = 'isolation-off';

/** Whether responses get the isolation headers: read from the settings cache at each navigation, kept for the page's files. */
let isolating = null;
async function isIsolating() {
  if (isolating === null) isolating = !(await (await caches.open(SETTINGS)).match(ISOLATION_OFF));
  return isolating;
}

/** `response` with the headers that make a page and its workers cross-origin isolated. */
function withIsolationHeaders(response) {
  // An opaque or error response cannot be rebuilt (and is never ours to change).
  if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith(PREFIX) && key !== CACHE && key !== SETTINGS) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // A navigation reads the setting again: the page changes it, then reloads.
  if (request.mode === 'navigate') isolating = null;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      // Every page of the app is index.html (hash routing): a navigation is answered by it.
      const key = request.mode === 'navigate' ? self.registration.scope : request;
      const cached = await cache.match(key, { ignoreSearch: request.mode === 'navigate' });
      const response = cached ?? (await fetch(request));
      return (await isIsolating()) ? withIsolationHeaders(response) : response;
    })(),
  );
});
