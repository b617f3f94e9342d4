/**
 * Target leakage through derived columns: a feature computed from the target, or from the columns a
 * rule-built label reads, predicts the label by construction and must not be a feature.
 */

/** A derived column and the columns its definition reads directly. */
export interface DerivedColumn {
  name: string;
  sources: readonly string[];
}

/** A feature that must be excluded, and why (a sentence for the user). */
export interface LeakyFeature {
  column: string;
  reason: string;
}

/**
 * Every column each derived column depends on, directly or through other derived columns
 * (intermediate derived columns included). Cycles are tolerated: a column never lists itself.
 */
export function transitiveSources(lineage: readonly DerivedColumn[]): Map<string, Set<string>> {
  const direct = directSources(lineage);
  const out = new Map<string, Set<string>>();
  for (const name of direct.keys()) {
    const seen = new Set<string>();
    const stack = [...direct.get(name)!];
    while (stack.length) {
      const s = stack.pop()!;
      if (s === name || seen.has(s)) continue;
      seen.add(s);
      stack.push(...(direct.get(s) ?? []));
    }
    out.set(name, seen);
  }
  return out;
}

/**
 * The chain of derived columns from `from` down to `to` (`['a', 'b', 'to']`), or null when `from`
 * does not depend on `to`. Breadth-first, so the shortest chain.
 */
export function lineagePath(from: string, to: string, lineage: readonly DerivedColumn[]): string[] | null {
  const direct = directSources(lineage);
  const parent = new Map<string, string>([[from, '']]);
  const queue = [from];
  while (queue.length) {
    const n = queue.shift()!;
    for (const s of direct.get(n) ?? []) {
      if (parent.has(s)) continue;
      parent.set(s, n);
      if (s === to) {
        const path = [to];
        for (let p = n; p !== ''; p = parent.get(p)!) path.unshift(p);
        return path;
      }
      queue.push(s);
    }
  }
  return null;
}

/**
 * The features that leak the target, each with a reason: the target itself; a feature computed from
 * the target; a column the label is computed from (the label rule's columns and, for a derived
 * target, its sources); a feature computed from one of those.
 * @param target the target column
 * @param features candidate feature columns
 * @param lineage derived columns with their direct sources
 * @param labelRuleColumns columns a rule-built label reads (e.g. `loyalty_score` for `loyalty_score < 5`)
 */
export function leakyFeatures(
  target: string,
  features: readonly string[],
  lineage: readonly DerivedColumn[],
  labelRuleColumns: readonly string[] = [],
): LeakyFeature[] {
  const closure = transitiveSources(lineage);
  const sourcesOf = (c: string) => closure.get(c) ?? new Set<string>();
  const labelSources = new Set<string>([...labelRuleColumns, ...sourcesOf(target)]);
  for (const c of [...labelSources]) for (const s of sourcesOf(c)) labelSources.add(s);
  labelSources.delete(target);

  const out: LeakyFeature[] = [];
  for (const column of features) {
    const sources = sourcesOf(column);
    if (column === target) {
      out.push({ column, reason: `"${column}" is the target itself` });
    } else if (sources.has(target)) {
      const path = lineagePath(column, target, lineage)!;
      out.push({ column, reason: `"${column}" is computed from the target "${target}" (${path.join(' ← ')})` });
    } else if (labelSources.has(column)) {
      out.push({ column, reason: `the label "${target}" is computed from "${column}", so it predicts the label by construction` });
    } else {
      const shared = [...sources].find((s) => labelSources.has(s));
      if (shared !== undefined) {
        out.push({ column, reason: `"${column}" is computed from "${shared}", which the label "${target}" is computed from` });
      }
    }
  }
  return out;
}

function directSources(lineage: readonly DerivedColumn[]): Map<string, readonly string[]> {
  const direct = new Map<string, readonly string[]>();
  for (const { name, sources } of lineage) {
    if (direct.has(name)) throw new Error(`lineage lists the derived column "${name}" twice`);
    direct.set(name, sources);
  }
  return direct;
}
