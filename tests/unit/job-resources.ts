/** Resources of the job examples (no Node imports: the browser harness uses it too). */

/** A saved result as a resource: a trained model, or one of the customer models ('customer-spend'). */
export function resourceOf(saved: ReadonlyMap<string, unknown>, name: string): unknown {
  const [owner, part] = name.split('-');
  if (owner === 'customer' && part) return (saved.get('customer') as Record<string, unknown>)[part];
  // Each row's segment of a saved segment view ('view-rows').
  if (part === 'rows') return (saved.get(owner) as { segmentOfRow: Int32Array }).segmentOfRow;
  // The table of a saved 'parse' result ('data-table').
  if (part === 'table') return (saved.get(owner) as { table: unknown }).table;
  // A model file's text ('spend-text' reads the 'spend-file' result).
  if (part === 'text') return (saved.get(`${owner}-file`) as { text: string }).text;
  return saved.get(name);
}
