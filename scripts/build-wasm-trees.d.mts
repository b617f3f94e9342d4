/** Types of build-wasm-trees.mjs. */
export function compileBoostWasm(): Promise<Buffer>;
export function boostModuleText(bytes: Buffer): string;
