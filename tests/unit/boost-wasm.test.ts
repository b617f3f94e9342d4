import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { boostModuleText, compileBoostWasm, compileForestWasm, forestModuleText } from '../../scripts/build-wasm-trees.mjs';

const committed = (name: string) => readFileSync(new URL(`../../src/lib/ml/models/tree/wasm/${name}`, import.meta.url), 'utf8');

describe('the committed tree WebAssembly modules', () => {
  it('boost-wasm.ts is what boost.as.ts compiles to (else run npm run build:wasm)', async () => {
    expect(committed('boost-wasm.ts')).toBe(boostModuleText(await compileBoostWasm()));
  });

  it('forest-wasm.ts is what forest.as.ts compiles to (else run npm run build:wasm)', async () => {
    expect(committed('forest-wasm.ts')).toBe(forestModuleText(await compileForestWasm()));
  });
});
