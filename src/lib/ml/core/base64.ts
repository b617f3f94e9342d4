/**
 * Base64 (RFC 4648, standard alphabet, with padding) for byte arrays, in plain JavaScript so it runs
 * the same in Node, browsers and workers: no Buffer (Node only), and no btoa/atob, which take a
 * "binary string" that would have to be built first and fail on large inputs. Works in chunks, so
 * a model of many megabytes never builds one huge argument list.
 */

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const pad = 61; // '='

/** Char codes of the alphabet, by 6-bit value. */
const encodeTable = Uint8Array.from(alphabet, (c) => c.charCodeAt(0));

/** 6-bit value by char code, −1 outside the alphabet. */
const decodeTable = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) decodeTable[encodeTable[i]] = i;

/** Input bytes per chunk: a multiple of 3, so only the last chunk is padded (16,384 characters out). */
const chunkBytes = 12_288;

/** The base64 text of `bytes` (with '=' padding). */
export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const chars = new Uint8Array((chunkBytes / 3) * 4);
  for (let start = 0; start < bytes.length; start += chunkBytes) {
    const end = Math.min(start + chunkBytes, bytes.length);
    let k = 0;
    let i = start;
    for (; i + 2 < end; i += 3) {
      const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      chars[k++] = encodeTable[v >> 18];
      chars[k++] = encodeTable[(v >> 12) & 63];
      chars[k++] = encodeTable[(v >> 6) & 63];
      chars[k++] = encodeTable[v & 63];
    }
    const rest = end - i;
    if (rest > 0) {
      const v = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0);
      chars[k++] = encodeTable[v >> 18];
      chars[k++] = encodeTable[(v >> 12) & 63];
      chars[k++] = rest === 2 ? encodeTable[(v >> 6) & 63] : pad;
      chars[k++] = pad;
    }
    parts.push(String.fromCharCode.apply(null, chars.subarray(0, k) as unknown as number[]));
  }
  return parts.join('');
}

/** The bytes of base64 `text` (standard alphabet, padded); throws on any other character or length. */
export function decodeBase64(text: string): Uint8Array {
  const n = text.length;
  if (n % 4 !== 0) throw new Error(`Invalid base64: length ${n} is not a multiple of 4`);
  const padding = n === 0 ? 0 : text.charCodeAt(n - 1) !== pad ? 0 : text.charCodeAt(n - 2) !== pad ? 1 : 2;
  const out = new Uint8Array((n / 4) * 3 - padding);
  const sextet = (i: number): number => {
    const code = text.charCodeAt(i);
    const v = code < 128 ? decodeTable[code] : -1;
    if (v < 0) throw new Error(`Invalid base64: unexpected character ${JSON.stringify(text[i])} at position ${i}`);
    return v;
  };
  let k = 0;
  const full = n - (padding ? 4 : 0);
  for (let i = 0; i < full; i += 4) {
    const v = (sextet(i) << 18) | (sextet(i + 1) << 12) | (sextet(i + 2) << 6) | sextet(i + 3);
    out[k++] = v >> 16;
    out[k++] = (v >> 8) & 255;
    out[k++] = v & 255;
  }
  if (padding) {
    const i = full;
    const v = (sextet(i) << 18) | (sextet(i + 1) << 12) | (padding === 1 ? sextet(i + 2) << 6 : 0);
    out[k++] = v >> 16;
    if (padding === 1) out[k++] = (v >> 8) & 255;
  }
  return out;
}
