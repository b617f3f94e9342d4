/**
 * `npm run test:e2e`: makes sure Chromium is there, builds dist/, serves it under
 * the sub-path /customer-intelligence/ (as GitHub Pages would) and runs the
 * end-to-end tests against it. Extra arguments go to vitest (e.g. a file filter).
 * E2E_SKIP_BUILD=1 reuses the dist/ already built.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './serve.mjs';

const chromium = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../..', import.meta.url));

function runOrExit(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`e2e: "${command} ${args.join(' ')}" failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

if (!existsSync(chromium)) {
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.error('e2e: /usr/bin/chromium is missing; installing it with apt-get…');
    runOrExit('apt-get', ['update']);
    runOrExit('apt-get', ['install', '-y', 'chromium']);
  } else {
    console.error(
      'e2e: the end-to-end tests need Chromium at /usr/bin/chromium.\n' +
        'Install it, e.g. on Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium',
    );
    process.exit(1);
  }
}

if (process.env.E2E_SKIP_BUILD !== '1' || !existsSync(new URL('../../dist/index.html', import.meta.url))) {
  runOrExit(process.execPath, [fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url)), 'build', '--logLevel', 'warn']);
}

const server = await serveStatic(new URL('../../dist', import.meta.url).pathname);
const vitest = spawn(
  process.execPath,
  [fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url)), 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, E2E_URL: server.url } },
);
const code = await new Promise((done) => vitest.on('exit', (status, signal) => done(status ?? (signal ? 1 : 0))));
await server.close();
process.exit(code);
