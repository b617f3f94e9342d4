/** Types of build-wasm.mjs. */
export function compileKMeansWasm(): Promise<Buffer>;
export function moduleText(bytes: Buffer): string;
