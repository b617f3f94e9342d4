import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// base './' so dist/ works from any sub-path (GitHub Pages project URLs).
export default defineConfig({
  base: './',
  publicDir: 'static',
  plugins: [svelte()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 5000 },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
