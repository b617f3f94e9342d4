import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileKMeansWasm, moduleText } from '../../scripts/build-wasm.mjs';

describe('the committed K-Means WebAssembly module', () => {
  it('is what kmeans.as.ts compiles to (else run npm run build:wasm)', async () => {
    const committed = readFileSync(new URL('../../src/lib/ml/segments/wasm/kmeans-wasm.ts', import.meta.url), 'utf8');
    expect(committed).toBe(moduleText(await compileKMeansWasm(), await compileKMeansWasm(true)));
  });
});
