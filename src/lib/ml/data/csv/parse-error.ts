/**
 * The one error a user sees when a file cannot be read. It crosses the worker
 * boundary as name and message only, so callers branch on `error.name === 'ParseError'`.
 */
export class ParseError extends Error {
  override name = 'ParseError';
}

/** Formats a byte count for messages: "1.2 GB", "340 KB", "12 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
