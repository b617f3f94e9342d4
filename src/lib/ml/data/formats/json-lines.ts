/**
 * JSON Lines (`.jsonl`, `.ndjson`): one JSON object per line, its keys the column names in the
 * order they first appear. Keys are user text, so they live in a Map, never as keys of our own
 * objects. Nested objects and arrays are kept as their JSON text (with a warning naming the column).
 */
import { ParseError } from '../csv/parse-error';
import type { RowEmitter } from './build-table';
import { cellText } from './cell-text';

/** The rows of a JSON Lines text and the notes about how it was read. */
export interface JsonLines {
  rows: RowEmitter;
  warnings: string[];
}

/** Each non-blank line's number and parsed object; throws naming the line when it is not an object. */
function* objectsOf(text: string, name: string): Generator<[number, object]> {
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const source = text.slice(start, end).trim();
    start = end + 1;
    if (source === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      throw new ParseError(`${name}: line ${line} is not valid JSON (${(error as Error).message}); expected one JSON object per line.`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ParseError(`${name}: line ${line} holds ${Array.isArray(value) ? 'an array' : 'a single value'}, not a JSON object; expected one object per line, its keys the column names.`);
    }
    yield [line, value];
  }
}

/**
 * Reads JSON Lines text into rows: a header of every key seen (first appearance order), then one
 * row per line with '' where a line lacks a key.
 * @throws ParseError naming the file and line for a line that is not a JSON object
 */
export function readJsonLines(text: string, name: string): JsonLines {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const columns = new Map<string, number>();
  const nested = new Map<string, number>();
  let count = 0;
  for (const [line, object] of objectsOf(body, name)) {
    count++;
    for (const [key, value] of Object.entries(object)) {
      if (!columns.has(key)) columns.set(key, columns.size);
      if (cellText(value) === null && !nested.has(key)) nested.set(key, line);
    }
  }
  if (count === 0) throw new ParseError(`${name} is empty: expected one JSON object per line.`);
  if (columns.size === 0) throw new ParseError(`${name}: its objects have no keys, so there are no columns.`);
  const warnings = [...nested].map(([key, line]) => `${name}: column "${key}" holds nested objects or arrays (first at line ${line}); they were kept as JSON text.`);
  const header = [...columns.keys()];
  const rows: RowEmitter = (emit) => {
    if (!emit(header, 0)) return;
    const fields = new Array<string>(header.length);
    for (const [line, object] of objectsOf(body, name)) {
      fields.fill('');
      for (const [key, value] of Object.entries(object)) {
        fields[columns.get(key) as number] = cellText(value) ?? JSON.stringify(value);
      }
      if (!emit(fields, line)) return;
    }
  };
  return { rows, warnings };
}
