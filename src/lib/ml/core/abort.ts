/**
 * Cancellation as the whole app spells it: an error named `AbortError` (branch on the name, never
 * on `instanceof`: errors cross worker boundaries as name and message only), thrown by
 * `throwIfAborted` between steps, and never shown to the user as a failure.
 */

/** An error that says a run was cancelled (`name` is 'AbortError'). */
export function abortError(message = 'Cancelled'): Error {
  const error = new Error(message);
  error.name = 'AbortError';
  return error;
}

/** Throws an AbortError when `signal` is aborted. */
export function throwIfAborted(signal?: AbortSignal, message?: string): void {
  if (signal?.aborted) throw abortError(message);
}

/** Is `error` a cancellation (an AbortError from this app, a DOMException, or comlink's forwarded copy)? */
export function isAbortError(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'AbortError';
}

/** The message of anything thrown, for the user. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}
