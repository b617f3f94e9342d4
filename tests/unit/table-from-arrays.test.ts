import { describe, expect, it } from 'vitest';
import { tableFromArrays } from '../../src/lib/ml/core/table';

describe('tableFromArrays', () => {
  it('types columns named like object keys from their values, or from the types given for them', () => {
    // A literal `{ __proto__: … }` would set the prototype, so the names are defined as own keys.
    const data: Record<string, number[] | string[]> = {};
    for (const name of ['__proto__', 'constructor', 'toString']) Object.defineProperty(data, name, { value: [1, 2, 3], enumerable: true });
    Object.defineProperty(data, 'valueOf', { value: ['a', 'b', 'a'], enumerable: true });
    const plain = tableFromArrays('keys', data);
    expect(plain.columns.map((c) => [c.name, c.type])).toEqual([
      ['__proto__', 'numeric'],
      ['constructor', 'numeric'],
      ['toString', 'numeric'],
      ['valueOf', 'categorical'],
    ]);
    const types = Object.create(null) as Record<string, 'id'>;
    types['constructor'] = 'id';
    const typed = tableFromArrays('keys', data, types);
    expect(typed.columns.map((c) => c.type)).toEqual(['numeric', 'id', 'numeric', 'categorical']);
  });
});
