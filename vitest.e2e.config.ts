import { defineConfig } from 'vitest/config';

// End-to-end tests drive real Chromium against dist/; run them with `npm run test:e2e` (tests/e2e/run.mjs).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One browser per file; on a small machine, files in parallel only make each other slower.
    fileParallelism: false,
  },
});
