/**
 * An RFC 4180 record splitter for text already in memory (parseCsvText, the
 * CLI, delimiter detection). Quoted fields may hold delimiters, doubled quotes
 * and newlines; records end at LF, CRLF or CR; the final newline is optional.
 */

/** Called per record with a reused array: copy it to keep it. Return false to stop. */
export type RowHandler = (fields: string[], line: number) => boolean | void;

/** What the tokenizer noticed besides records. */
export interface TokenizeResult {
  /** Line where a quoted field opens and is never closed (it then runs to the end), or 0. */
  unclosedQuoteLine: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

function countLineBreaks(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function indexOrEnd(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at < 0 ? text.length : at;
}

/**
 * Splits `text` into records of fields and hands each to `onRow` with its 1-based starting line.
 * @param delimiter one character
 */
export function tokenizeCsv(text: string, delimiter: string, onRow: RowHandler): TokenizeResult {
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  const fields: string[] = [];
  let i = 0;
  let line = 1;
  let unclosedQuoteLine = 0;
  // Next quote and lone-CR positions, searched again only once passed (keeps the scan linear).
  let nextQuote = -1;
  let nextCr = -1;
  while (i < n) {
    const rowLine = line;
    // Fast path: a line without quotes is split natively (most rows of most files).
    let end = text.indexOf('\n', i);
    if (end < 0) end = n;
    const lineEnd = end > i && text.charCodeAt(end - 1) === CR ? end - 1 : end;
    if (nextQuote < i) nextQuote = indexOrEnd(text, '"', i);
    if (nextCr < i) nextCr = indexOrEnd(text, '\r', i);
    if (nextQuote >= lineEnd && nextCr >= lineEnd) {
      const row = text.slice(i, lineEnd).split(delimiter);
      i = end + 1;
      line++;
      if (onRow(row, rowLine) === false) break;
      continue;
    }
    fields.length = 0;
    for (;;) {
      if (i < n && text.charCodeAt(i) === QUOTE) {
        const openLine = line;
        let value = '';
        let start = ++i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) {
            value += text.slice(start);
            line += countLineBreaks(text, start, n);
            unclosedQuoteLine ||= openLine;
            i = n;
            break;
          }
          line += countLineBreaks(text, i, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(start, q + 1);
            i = start = q + 2;
            continue;
          }
          value += text.slice(start, q);
          i = q + 1;
          break;
        }
        // Text between a closing quote and the next delimiter is kept as is, as spreadsheets do.
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === d || c === LF || c === CR) break;
          j++;
        }
        fields.push(j > i ? value + text.slice(i, j) : value);
        i = j;
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === d || c === LF || c === CR) break;
          j++;
        }
        fields.push(text.slice(i, j));
        i = j;
      }
      if (i >= n) break;
      const c = text.charCodeAt(i++);
      if (c === d) {
        if (i >= n) {
          fields.push('');
          break;
        }
        continue;
      }
      if (c === CR && text.charCodeAt(i) === LF) i++;
      line++;
      break;
    }
    if (onRow(fields, rowLine) === false) break;
  }
  return { unclosedQuoteLine };
}
