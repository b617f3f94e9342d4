import { describe, expect, it } from 'vitest';
import { entryScripts } from '../../bench/startup';

describe('entryScripts (the scripts index.html loads at once)', () => {
  it('lists module scripts and modulepreloads in order, once each, and nothing else', () => {
    const html = `<!doctype html><html><head>
      <link rel="icon" href="./icons/icon.svg" type="image/svg+xml" />
      <link rel="manifest" href="./manifest.webmanifest" />
      <script type="module" crossorigin src="./assets/index-Ab1.js"></script>
      <link rel="modulepreload" crossorigin href="./assets/runtime-Cd2.js">
      <link rel="stylesheet" crossorigin href="./assets/index-Ef3.css">
      <link crossorigin rel='modulepreload' href='./assets/table-Gh4.js'>
      <link rel="modulepreload" href="./assets/runtime-Cd2.js">
      <script src="./legacy.js"></script>
      <link rel="prefetch" href="./assets/plotly-Xy9.js">
    </head><body><div id="app"></div></body></html>`;
    expect(entryScripts(html)).toStrictEqual(['./assets/index-Ab1.js', './assets/runtime-Cd2.js', './assets/table-Gh4.js']);
  });

  it('finds nothing in a page without module scripts', () => {
    expect(entryScripts('<html><head><title>x</title></head></html>')).toStrictEqual([]);
  });
});
