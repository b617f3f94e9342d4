/** Cross-Origin-Opener-Policy and -Embedder-Policy headers (see serve.mjs). */
export const isolationHeaders: Record<string, string>;
/** Serves `root` at `http://127.0.0.1:<free port><base>` (see serve.mjs); `isolate` (default true) sends `isolationHeaders`. */
export function serveStatic(root: string, base?: string, options?: { isolate?: boolean }): Promise<{ url: string; close: () => Promise<void> }>;
