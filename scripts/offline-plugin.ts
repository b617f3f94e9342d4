/**
 * A Vite build plugin that makes the app work offline: it writes `sw.js` next to index.html with
 * the list of every file of the build (bundles, workers, static data, icons, manifest) and a
 * version that changes whenever any of them does, so a deployment of a new build is noticed by
 * browsers that already have the app and offered as an update. The worker's code is
 * scripts/service-worker.js; the page registers it in src/lib/offline/service-worker.ts.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** Files of `dir` and its folders, as paths relative to it with '/' separators. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path).map((f) => `${name}/${f}`) : [name];
  });
}

/** The service worker's source: the version and precache list, then the worker's code. */
export function serviceWorkerSource(version: string, files: readonly string[], code: string): string {
  const precache = ['./', ...files.filter((f) => f !== 'index.html').map((f) => `./${f}`)];
  return `const VERSION = ${JSON.stringify(version)};\nconst PRECACHE = ${JSON.stringify(precache)};\n${code}`;
}

/** The plugin; `publicDir` is copied into the build as it is, so its files are listed too. */
export function offlinePlugin(publicDir: string): Plugin {
  return {
    name: 'customer-intelligence-offline',
    apply: 'build',
    generateBundle(_options, bundle) {
      const hash = createHash('sha256');
      const files: string[] = [];
      for (const [fileName, output] of Object.entries(bundle).sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (fileName.endsWith('.map')) continue;
        files.push(fileName);
        hash.update(fileName).update(output.type === 'chunk' ? output.code : output.source);
      }
      for (const file of filesUnder(publicDir).sort()) {
        files.push(file);
        hash.update(file).update(readFileSync(join(publicDir, file)));
      }
      const code = readFileSync(new URL('./service-worker.js', import.meta.url), 'utf8');
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: serviceWorkerSource(hash.digest('hex').slice(0, 16), files, code) });
    },
  };
}
