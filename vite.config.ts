import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { offlinePlugin } from './scripts/offline-plugin.ts';

const isolationHeaders = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

// base './' so dist/ works from any sub-path (GitHub Pages project URLs).
export default defineConfig({
  base: './',
  publicDir: 'static',
  // sw.js: the app keeps working offline after the first visit (scripts/offline-plugin.ts).
  plugins: [svelte(), offlinePlugin('static')],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 5000 },
  // Cross-origin isolated in dev and preview too, as the service worker makes the built app
  // (src/lib/offline/isolation.ts): workers share memory (SharedArrayBuffer) for the K-Means sweep.
  server: { host: '127.0.0.1', headers: isolationHeaders },
  preview: { host: '127.0.0.1', headers: isolationHeaders },
});
