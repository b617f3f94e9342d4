/** Types of build-wasm-trees.mjs, for the tests that check the committed modules. */
export function compileBoostWasm(): Promise<Buffer>;
export function boostModuleText(bytes: Buffer): string;
export function compileForestWasm(): Promise<Buffer>;
export function forestModuleText(bytes: Buffer): string;
