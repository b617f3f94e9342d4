/**
 * A chart's data in words, for screen readers: each Plotly trace as its name, its number of
 * points and the range of its values (or its categories). Chart.svelte puts this sentence,
 * visually hidden, next to the drawing, whose own label says what the chart shows.
 */

/** A number in at most four significant digits, plainly written. */
function short(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  return String(Number(v.toPrecision(4)));
}

function numbers(values: unknown): number[] {
  if (!values || typeof values !== 'object' || typeof (values as { length?: unknown }).length !== 'number') return [];
  const out: number[] = [];
  for (const v of Array.from(values as ArrayLike<unknown>)) {
    if (Array.isArray(v)) out.push(...numbers(v));
    else if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  }
  return out;
}

function count(values: unknown): number {
  return values && typeof values === 'object' && typeof (values as { length?: unknown }).length === 'number' ? (values as ArrayLike<unknown>).length : 0;
}

/** "x from a to b" for numbers, "x over n categories (first, second…)" for text, '' when empty. */
function range(axis: string, values: unknown): string {
  const n = count(values);
  if (!n) return '';
  const nums = numbers(values);
  if (nums.length) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of nums) ((lo = Math.min(lo, v)), (hi = Math.max(hi, v)));
    return lo === hi ? `${axis} ${short(lo)}` : `${axis} from ${short(lo)} to ${short(hi)}`;
  }
  const labels = Array.from(values as ArrayLike<unknown>, String);
  const shown = labels.slice(0, 3).join(', ');
  return `${axis} over ${labels.length} ${labels.length === 1 ? 'category' : 'categories'} (${shown}${labels.length > 3 ? '…' : ''})`;
}

/** One trace in words. */
function describeTrace(trace: Record<string, unknown>, index: number): string {
  const name = typeof trace.name === 'string' && trace.name ? trace.name : `series ${index + 1}`;
  const type = typeof trace.type === 'string' ? trace.type : 'scatter';
  if (type === 'heatmap') {
    const rows = count(trace.z);
    const cols = rows ? count((trace.z as unknown[])[0]) : 0;
    const z = range('values', trace.z);
    return `${name}: ${rows} × ${cols} grid${z ? `, ${z}` : ''}`;
  }
  const points = Math.max(count(trace.x), count(trace.y), count(trace.values));
  const parts = [range('x', trace.x), range('y', trace.y), range('values', trace.values)].filter(Boolean);
  const what = type === 'histogram' || type === 'box' ? 'value' : 'point';
  return `${name}: ${points} ${what}${points === 1 ? '' : 's'}${parts.length ? `, ${parts.join(', ')}` : ''}`;
}

/** The traces in one sentence, at most `maxTraces` named (the rest counted). */
export function chartSummary(data: readonly unknown[], maxTraces = 12): string {
  const traces = data.filter((t): t is Record<string, unknown> => Boolean(t) && typeof t === 'object');
  if (!traces.length) return 'The chart has no data.';
  const described = traces.slice(0, maxTraces).map(describeTrace);
  const more = traces.length > maxTraces ? `; and ${traces.length - maxTraces} more series` : '';
  return `Chart data: ${described.join('; ')}${more}.`;
}
