/** Lineage of derived columns: the original columns a derived one is computed from, transitively. */

/**
 * The original (non-derived) columns `name` depends on, in order of first discovery.
 * `derivedSources` maps each derived column to the columns its formula reads directly;
 * a column not in it is an original. Throws on a cycle (a formula that reads itself).
 */
export function lineageOf(name: string, derivedSources: Readonly<Record<string, readonly string[]>>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visiting = new Set<string>();
  const visit = (n: string, path: string[]): void => {
    const sources = Object.hasOwn(derivedSources, n) ? derivedSources[n] : undefined;
    if (!sources) {
      if (!seen.has(n)) {
        seen.add(n);
        out.push(n);
      }
      return;
    }
    if (visiting.has(n)) throw new Error(`Column "${n}" depends on itself: ${[...path, n].join(' → ')}`);
    visiting.add(n);
    for (const s of sources) visit(s, [...path, n]);
    visiting.delete(n);
  };
  const direct = Object.hasOwn(derivedSources, name) ? derivedSources[name] : [name];
  visiting.add(name);
  for (const s of direct) visit(s, [name]);
  return out;
}
