/** Growing the typed arrays that hold per-node and per-split records. */

/** A copy of `array` in a new array of the same type with room for `size` entries. */
export function withCapacity<T extends Int32Array | Float64Array>(array: T, size: number): T {
  const copy = new (array.constructor as { new (n: number): T })(size);
  copy.set(array);
  return copy;
}
