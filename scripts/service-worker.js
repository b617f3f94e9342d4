/*
 * The app's service worker (the build prepends VERSION and PRECACHE, see scripts/offline-plugin.ts).
 * It keeps every file of one build in a cache named after the build, so the app opens and runs
 * with no network after the first visit, from whatever sub-path it is served. A new build is
 * downloaded in the background and waits: the page offers "Reload to update" and the new version
 * takes over only when the user asks, never in the middle of an analysis.
 */
/* global self, caches, fetch, VERSION, PRECACHE */
const CACHE = `customer-intelligence-${VERSION}`;
const PREFIX = 'customer-intelligence-';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
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
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      // Every page of the app is index.html (hash routing): a navigation is answered by it.
      const key = request.mode === 'navigate' ? self.registration.scope : request;
      const cached = await cache.match(key, { ignoreSearch: request.mode === 'navigate' });
      return cached ?? fetch(request);
    })(),
  );
});
