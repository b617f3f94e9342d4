/**
 * Python literals of our values: column names, levels and file names are user text, so they are
 * written the way Python's `repr` writes strings (every quote, backslash, control and line-breaking
 * character escaped) and can never close the string or start a new line of code.
 */

/** Characters Python (or an editor) may take as the end of a line, and other invisible ones: always escaped. */
const unsafe = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

/** `text` as a Python string literal in single quotes, e.g. `'it\'s'`. */
export function pyStr(text: string): string {
  let out = "'";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const code = text.charCodeAt(i);
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code >= 0xd800 && code <= 0xdfff) {
      // A surrogate pair is one character in Python; a lone surrogate is written as its escape.
      const next = text.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += ch + text[i + 1];
        i++;
      } else out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else if (unsafe.test(ch)) out += code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + "'";
}

/** A number as a Python literal (`float('nan')`, `float('inf')` for the non-finite ones; integers without a decimal point). */
export function pyNum(value: number): string {
  if (Number.isNaN(value)) return "float('nan')";
  if (value === Infinity) return "float('inf')";
  if (value === -Infinity) return "-float('inf')";
  return Object.is(value, -0) ? '-0.0' : String(value);
}

/** A string, number, boolean or null (None) as a Python literal. */
export function pyValue(value: string | number | boolean | null): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return typeof value === 'number' ? pyNum(value) : pyStr(value);
}

/** A list literal on one line, e.g. `['a', 'b']`. */
export function pyList(values: readonly (string | number | boolean | null)[]): string {
  return `[${values.map(pyValue).join(', ')}]`;
}

/**
 * A long ASCII string as a parenthesised run of literals of `width` characters each, one per line,
 * indented by `indent` (Python joins adjacent literals). Only for our own text (fold digits), never user text.
 */
export function pyLongString(text: string, indent: string, width = 100): string[] {
  if (text.length <= width) return [`${indent}${pyStr(text)}`];
  const lines = [`${indent}(`];
  for (let at = 0; at < text.length; at += width) lines.push(`${indent}    ${pyStr(text.slice(at, at + width))}`);
  lines.push(`${indent})`);
  return lines;
}

/** User text for a `#` comment: written as its Python literal, so a line break in it cannot end the comment. */
export function commentText(text: string): string {
  return /^[\w .,:()%+\-/]*$/.test(text) ? text : pyStr(text);
}
