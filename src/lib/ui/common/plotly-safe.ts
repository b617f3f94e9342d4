/**
 * Plotly keeps category axes in plain objects, so a category called `__proto__`, `constructor` or
 * `toString` (a user's column or value) corrupts the chart: the bars vanish. Such labels are drawn
 * with an invisible zero-width space in front, which keeps what the user sees and reads unchanged.
 */

/** Names a plain object already has (and `__proto__`): unsafe as Plotly category keys. */
function isObjectKey(label: string): boolean {
  return label === '__proto__' || label in Object.prototype;
}

/** `label` made safe as a Plotly category. */
export function safeCategory(label: unknown): unknown {
  return typeof label === 'string' && isObjectKey(label) ? `\u200b${label}` : label;
}

/** The traces with every text category of x, y, labels and matrix axes made safe (other values unchanged). */
export function safeTraces(data: readonly unknown[]): unknown[] {
  const fix = (values: unknown): unknown => (Array.isArray(values) ? values.map((v) => (Array.isArray(v) ? v : safeCategory(v))) : values);
  return data.map((trace) => {
    if (!trace || typeof trace !== 'object') return trace;
    const t = { ...(trace as Record<string, unknown>) };
    for (const key of ['x', 'y', 'labels', 'ids']) if (key in t) t[key] = fix(t[key]);
    return t;
  });
}
