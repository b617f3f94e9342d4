/** `npm run -s cli -- simulate FILE --target COL --model MODEL --months 12 --seed 0` (issue 16): not built yet. */
export async function runSimulate(): Promise<unknown> {
  throw new Error('simulate is not built yet');
}
