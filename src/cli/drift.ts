/** `npm run -s cli -- drift REF CUR` (issue 16): not built yet. */
export async function runDrift(): Promise<unknown> {
  throw new Error('drift is not built yet');
}
