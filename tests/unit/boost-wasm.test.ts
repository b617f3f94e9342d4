import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { boostModuleText, compileBoostWasm } from '../../scripts/build-wasm-trees.mjs';

describe('the committed gradient boosting WebAssembly module', () => {
  it('is what boost.as.ts compiles to (else run npm run build:wasm)', async () => {
    const committed = readFileSync(new URL('../../src/lib/ml/models/tree/wasm/boost-wasm.ts', import.meta.url), 'utf8');
    expect(committed).toBe(boostModuleText(await compileBoostWasm()));
  });
});
