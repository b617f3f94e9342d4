/** "Did you mean …?" for unknown names: the closest candidates by edit distance. */

function editDistance(a: string, b: string): number {
  const prev = new Int32Array(b.length + 1);
  const cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    prev.set(cur);
  }
  return prev[b.length];
}

/** Up to `limit` candidates close to `name` (case-insensitive, containing it or contained in it when 3+ characters, or a few edits), closest first. */
export function suggestNames(name: string, candidates: readonly string[], limit = 3): string[] {
  const lower = name.toLowerCase();
  const scored = candidates
    .map((c) => {
      const cl = c.toLowerCase();
      const shorter = Math.min(cl.length, lower.length);
      const contains = shorter >= 3 && (cl.includes(lower) || lower.includes(cl));
      const d = cl === lower ? 0 : contains ? 1 : editDistance(lower, cl);
      return { c, d };
    })
    .filter(({ d }) => d <= Math.max(2, Math.floor(name.length / 3)));
  scored.sort((a, b) => a.d - b.d);
  return scored.slice(0, limit).map((s) => s.c);
}

/** " Did you mean a or b?" or '' when nothing is close. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const s = suggestNames(name, candidates);
  return s.length ? ` Did you mean ${s.map((x) => `"${x}"`).join(' or ')}?` : '';
}
