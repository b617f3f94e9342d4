/**
 * Looks at the first bytes of a file before it is parsed: refuses empty, huge,
 * binary, spreadsheet and JSON files with a message naming what the file is,
 * and picks the text encoding. The worker and the CLI both call it.
 */
import type { CsvOptions } from './options';
import { ParseError, formatBytes } from './parse-error';

/** Text encodings we read; the names are TextDecoder labels. */
export type TextEncodingName = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** What sniffing decided. */
export interface SniffResult {
  encoding: TextEncodingName;
  /** Bytes to skip at the start (a byte-order mark). */
  bomBytes: number;
  warnings: string[];
}

const expected = 'expected a CSV or TSV text file';

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) return false;
  return true;
}

/** Known binary formats by magic bytes: [signature, description]. */
const signatures: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old-style Excel (.xls) or other Office file'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
  [[0x50, 0x4b, 0x05, 0x06], 'a ZIP archive'],
  [[0x50, 0x4b, 0x07, 0x08], 'a ZIP archive'],
];

/** Does an ASCII needle occur in the bytes? */
function containsAscii(bytes: Uint8Array, needle: string): boolean {
  const first = needle.charCodeAt(0);
  outer: for (let i = bytes.indexOf(first); i >= 0 && i <= bytes.length - needle.length; i = bytes.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return true;
  }
  return false;
}

/** What a ZIP file is and what to do with it, e.g. ['an Excel workbook (.xlsx)', 'in Excel use …']. */
function describeZip(head: Uint8Array, name: string): [string, string] {
  const lower = name.toLowerCase();
  if (/\.xls[xmb]$/.test(lower) || containsAscii(head, 'xl/')) {
    return ['an Excel workbook (.xlsx)', 'in Excel use File › Save As › CSV and load that file'];
  }
  if (/\.ods$/.test(lower) || containsAscii(head, 'opendocument.spreadsheet')) {
    return ['an OpenDocument spreadsheet (.ods)', 'save it as CSV and load that file'];
  }
  return ['a ZIP archive', 'unzip it and load the CSV inside'];
}

/** Is the text (after optional whitespace) the start of a JSON document? */
function looksLikeJson(text: string): boolean {
  const m = /^\s*([[{])\s*(.?)/.exec(text);
  if (!m) return false;
  if (m[1] === '{') return m[2] === '"' || m[2] === '}' || m[2] === '';
  return m[2] === '' || /["{[\]\d-]/.test(m[2]);
}

/**
 * Checks the first bytes of a file and picks its encoding.
 * @param head the first bytes (up to `options.sniffBytes`), or the whole file when smaller
 * @param name the file name, for messages and the .xlsx hint
 * @param totalBytes the file's full size in bytes
 * @throws ParseError naming the file when it is empty, too large, binary, a spreadsheet or JSON
 */
export function sniffBytes(head: Uint8Array, name: string, totalBytes: number, options: Pick<CsvOptions, 'maxBytes'>): SniffResult {
  if (totalBytes === 0) throw new ParseError(`${name} is empty: ${expected} with a header row.`);
  if (totalBytes > options.maxBytes) {
    throw new ParseError(`${name} is ${formatBytes(totalBytes)}; the limit is ${formatBytes(options.maxBytes)} (${expected} no larger than that).`);
  }
  for (const [magic, what] of signatures) {
    if (startsWith(head, magic)) {
      if (what !== 'a ZIP archive') throw new ParseError(`${name} is ${what}, not a CSV or TSV text file.`);
      const [description, hint] = describeZip(head, name);
      throw new ParseError(`${name} is ${description}, not a CSV or TSV text file: ${hint}.`);
    }
  }
  const warnings: string[] = [];
  let encoding: TextEncodingName;
  let bomBytes = 0;
  if (startsWith(head, [0xef, 0xbb, 0xbf])) {
    encoding = 'utf-8';
    bomBytes = 3;
  } else if (startsWith(head, [0xff, 0xfe])) {
    encoding = 'utf-16le';
    bomBytes = 2;
  } else if (startsWith(head, [0xfe, 0xff])) {
    encoding = 'utf-16be';
    bomBytes = 2;
  } else {
    if (head.indexOf(0) >= 0) {
      throw new ParseError(`${name} looks like a binary file (it contains NUL bytes), not a CSV or TSV text file.`);
    }
    encoding = isUtf8(head, head.length >= totalBytes) ? 'utf-8' : 'windows-1252';
    if (encoding === 'windows-1252') {
      warnings.push(`${name} is not valid UTF-8, so it was read as Windows-1252 (Latin-1); check that accented letters look right.`);
    }
  }
  const text = new TextDecoder(encoding).decode(head.subarray(bomBytes, Math.min(head.length, bomBytes + 256)));
  if (looksLikeJson(text)) throw new ParseError(`${name} is JSON, not a CSV or TSV text file.`);
  return { encoding, bomBytes, warnings };
}

/** Is this valid UTF-8? A character cut off at the end of a partial head is allowed. */
export function isUtf8(bytes: Uint8Array, isWholeFile: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !isWholeFile });
    return true;
  } catch {
    return false;
  }
}
