/**
 * A record's id: 16 hex digits of a hash of its content (two 32-bit FNV-1a-style lanes over the
 * UTF-16 code units of its JSON with sorted keys). Made once when the run is recorded and kept
 * through export and import, so importing the same runs twice keeps one copy of each.
 */
import { stableJson } from '../runs/stable-json';

/** 16 hex digits hashing `text`. */
export function hashText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x2f3b1a7d ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const w = text.charCodeAt(i);
    a = Math.imul(a ^ w, 0x01000193);
    b = Math.imul(b ^ (w + 0x9e3779b9), 0x01000193) ^ (b >>> 15);
  }
  const hex = (x: number) => (x >>> 0).toString(16).padStart(8, '0');
  return hex(a) + hex(b);
}

/** The id of a record made of `content` (anything JSON-like; equal content gives an equal id). */
export function recordIdOf(content: unknown): string {
  return hashText(stableJson(content));
}
