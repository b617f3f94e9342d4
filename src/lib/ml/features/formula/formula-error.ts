/** The one error type of the formula language: a message and the character it points at. */

/** A parse or evaluation error at `index` (0-based character) of `source`. */
export class FormulaError extends Error {
  override name = 'FormulaError';
  constructor(
    message: string,
    /** 0-based index of the offending character in the formula. */
    readonly index: number,
    /** The formula text. */
    readonly source: string,
  ) {
    super(`${message} (at character ${index + 1})\n${caretLines(source, index)}`);
  }
}

/** Two lines: the formula, and a caret under character `index`. */
export function caretLines(source: string, index: number): string {
  const i = Math.max(0, Math.min(index, source.length));
  return `${source}\n${' '.repeat(i)}^`;
}
