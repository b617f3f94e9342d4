/** Which cell texts mean "no value". */

const missingTokens = new Set(['', 'na', 'n/a', '#n/a', 'null', 'nan', 'none', 'nil']);

/** Is this cell missing? Empty, blank, NA, N/A, #N/A, null, NaN, None and nil (any case) are. */
export function isMissingCell(cell: string): boolean {
  const n = cell.length;
  if (n === 0) return true;
  if (cell.charCodeAt(0) <= 32 || cell.charCodeAt(n - 1) <= 32) {
    const trimmed = cell.trim();
    return trimmed.length !== n && isMissingCell(trimmed);
  }
  return n <= 4 && missingTokens.has(cell.toLowerCase());
}
