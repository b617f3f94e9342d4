/** Types of build-wasm.mjs. */
export function compileAssemblyScript(source: string, flags?: string[]): Promise<Buffer>;
export function compileKMeansWasm(shared?: boolean): Promise<Buffer>;
export function base64Literal(bytes: Buffer): string;
export function moduleText(bytes: Buffer, sharedBytes: Buffer): string;
export function writeOrCheck(target: string, text: string): void;
