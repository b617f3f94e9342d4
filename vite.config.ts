import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { offlinePlugin } from './scripts/offline-plugin.ts';

// base './' so dist/ works from any sub-path (GitHub Pages project URLs).
export default defineConfig({
  base: './',
  publicDir: 'static',
  // sw.js: the app keeps working offline after the first visit (scripts/offline-plugin.ts).
  plugins: [svelte(), offlinePlugin('static')],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 5000 },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
