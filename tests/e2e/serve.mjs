/**
 * A tiny static file server for dist/ under a sub-path (as on GitHub Pages), used by
 * the end-to-end tests and bench/browser-load.ts. No dependency beyond node:http.
 * By default it sends the headers that make the page cross-origin isolated (a host that can,
 * so the app's service worker has nothing to add and never reloads the page mid-test);
 * `{ isolate: false }` serves as GitHub Pages does, without them.
 */
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const mimeTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/** Cross-Origin-Opener-Policy and -Embedder-Policy: the page and its workers may share memory. */
export const isolationHeaders = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

/**
 * Serves `root` at `http://127.0.0.1:<free port><base>`; resolves to `{ url, close }`.
 * @param {string} root folder to serve (dist/)
 * @param {string} base URL path prefix, starting and ending with '/'
 * @param {{ isolate?: boolean }} options isolate: send `isolationHeaders` (default true)
 */
export async function serveStatic(root, base = '/customer-intelligence/', { isolate = true } = {}) {
  const rootDir = resolve(root);
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (path === base.slice(0, -1)) {
      response.writeHead(301, { location: base }).end();
      return;
    }
    if (!path.startsWith(base)) {
      response.writeHead(404).end('not found');
      return;
    }
    let file = normalize(join(rootDir, path.slice(base.length)));
    if (file !== rootDir && !file.startsWith(rootDir + sep)) {
      response.writeHead(403).end('forbidden');
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': mimeTypes[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        ...(isolate ? isolationHeaders : {}),
      });
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', () => done(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () => new Promise((done) => server.close(() => done(undefined))),
  };
}
