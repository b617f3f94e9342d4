import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../src/lib/ml/core/base64';

const bytesOf = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('base64', () => {
  it('encodes the RFC 4648 test vectors', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(encodeBase64(bytesOf(plain))).toBe(encoded);
      expect(decodeBase64(encoded)).toStrictEqual(bytesOf(plain));
    }
  });

  it('uses + and / for the high sextets', () => {
    expect(encodeBase64(Uint8Array.of(0xfb, 0xff, 0xbf))).toBe('+/+/');
    expect(decodeBase64('+/+/')).toStrictEqual(Uint8Array.of(0xfb, 0xff, 0xbf));
  });

  it('round-trips every byte value and inputs longer than one chunk, as Node Buffer does', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(encodeBase64(all)).toBe(Buffer.from(all).toString('base64'));
    for (const n of [12_287, 12_288, 12_289, 40_001]) {
      const big = Uint8Array.from({ length: n }, (_, i) => (i * 131 + (i >> 7)) & 255);
      const text = encodeBase64(big);
      expect(text).toBe(Buffer.from(big).toString('base64'));
      expect(decodeBase64(text)).toStrictEqual(big);
    }
  });

  it('rejects bad lengths and characters', () => {
    expect(() => decodeBase64('Zm9')).toThrow(/length 3 is not a multiple of 4/);
    expect(() => decodeBase64('Zm9*')).toThrow(/unexpected character "\*" at position 3/);
    expect(() => decodeBase64('Z=9v')).toThrow(/unexpected character "=" at position 1/);
    expect(() => decodeBase64('Zm9é')).toThrow(/unexpected character/);
  });
});
