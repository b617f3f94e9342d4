/** Types of build-wasm.mjs. */
export function compileKMeansWasm(shared?: boolean): Promise<Buffer>;
export function moduleText(bytes: Buffer, sharedBytes: Buffer): string;
