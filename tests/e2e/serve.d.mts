/** Serves `root` at `http://127.0.0.1:<free port><base>` (see serve.mjs). */
export function serveStatic(root: string, base?: string): Promise<{ url: string; close: () => Promise<void> }>;
