/**
 * Bytes to text for callers that hold the whole file (the CLI, tests): the
 * same checks and encoding choice as the worker, then one decode.
 */
import type { CsvOptions } from './options';
import { sniffBytes } from './sniff';

/** A decoded file and the warnings about how it was decoded. */
export interface DecodedText {
  text: string;
  warnings: string[];
}

/**
 * Decodes a whole file: UTF-8 when the bytes are valid UTF-8 (BOM removed), else Windows-1252 with a warning.
 * @throws ParseError for empty, too large, binary, spreadsheet or JSON files
 */
export function decodeBytes(bytes: Uint8Array, name: string, options: Pick<CsvOptions, 'maxBytes' | 'sniffBytes'>): DecodedText {
  const sniff = sniffBytes(bytes.subarray(0, options.sniffBytes), name, bytes.length, options);
  const body = bytes.subarray(sniff.bomBytes);
  if (sniff.encoding === 'utf-8') {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), warnings: sniff.warnings };
    } catch {
      // Valid UTF-8 at the start but not further on: the file is really a single-byte encoding.
      const warning = `${name} is not valid UTF-8, so it was read as Windows-1252 (Latin-1); check that accented letters look right.`;
      return { text: new TextDecoder('windows-1252').decode(body), warnings: [...sniff.warnings, warning] };
    }
  }
  return { text: new TextDecoder(sniff.encoding, { ignoreBOM: true }).decode(body), warnings: sniff.warnings };
}
