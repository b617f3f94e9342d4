/** Column names from a header row: trimmed, empty names filled in, duplicates numbered. */

/** Clean names and what was changed, for a warning. */
export interface CleanHeader {
  names: string[];
  /** One note per change, e.g. `empty name of column 3 → "column_3"`. */
  changes: string[];
}

/** Names from header cells: empty ones become `column_<position>`, repeats become `age_2`, `age_3`. */
export function cleanHeader(cells: readonly string[]): CleanHeader {
  const trimmed = cells.map((c, j) => (j === 0 ? c.replace(/^\ufeff/, '') : c).trim());
  const taken = new Set(trimmed.filter((c) => c !== ''));
  const used = new Set<string>();
  const changes: string[] = [];
  const names = trimmed.map((cell, j) => {
    if (cell === '') {
      let name = `column_${j + 1}`;
      for (let k = 2; taken.has(name) || used.has(name); k++) name = `column_${j + 1}_${k}`;
      used.add(name);
      changes.push(`empty name of column ${j + 1} → "${name}"`);
      return name;
    }
    if (!used.has(cell)) {
      used.add(cell);
      return cell;
    }
    let name = cell;
    for (let k = 2; taken.has(name) || used.has(name); k++) name = `${cell}_${k}`;
    used.add(name);
    changes.push(`duplicate "${cell}" in column ${j + 1} → "${name}"`);
    return name;
  });
  return { names, changes };
}
