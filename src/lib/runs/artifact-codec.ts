/**
 * Model artifacts as text. Long arrays of numbers in the model (tree nodes, kNN training rows,
 * network weights) are stored as base64 of their bytes in the narrowest lossless type, e.g.
 * `{"$b64":"f64","n":123,"data":"..."}`: a float64 takes 10.7 characters instead of up to 24 in
 * JSON, and NaN and ±Infinity survive (JSON writes them as null). Decoding gives plain number
 * arrays back, because the model loaders check `Array.isArray` and would reject typed arrays.
 */
import { decodeBase64, encodeBase64 } from '../ml/core/base64';
import { isModelKind, modelKinds } from '../ml/models/registry';
import { artifactFormat, artifactVersion, type ModelArtifact } from './artifact';

/**
 * Byte types of packed arrays: signed integers, floats, and unsigned indices into one of the
 * file's value tables (`dict`): the thresholds, leaf values and impurities of a forest repeat a
 * few thousand distinct numbers across all trees, so two bytes per node replace eight.
 */
export type PackedDtype = 'i8' | 'i16' | 'i32' | 'f32' | 'f64' | 'u8' | 'u16' | 'u32';

/** A packed array of numbers. */
export interface PackedArray {
  $b64: PackedDtype;
  /** Number of values. */
  n: number;
  /** Base64 of the values' little-endian bytes. */
  data: string;
  /** u8/u16/u32: index of the value table in the file's `valueTables`. */
  dict?: number;
}

/** Arrays of numbers at least this long are packed (shorter ones only when they hold NaN or ±Infinity). */
export const packMinLength = 16;

const byteSize: Record<PackedDtype, number> = { i8: 1, i16: 2, i32: 4, f32: 4, f64: 8, u8: 1, u16: 2, u32: 4 };

/**
 * The artifact as compact JSON text: in the model, each array of at least {@link packMinLength}
 * numbers is stored as base64 in its narrowest lossless type, or as indices into a table of the
 * distinct values of all arrays under the same property name, whichever is smaller; an array
 * stays plain JSON when that is shorter still.
 */
export function encodeArtifact(artifact: ModelArtifact): string {
  const packer = new ModelPacker(artifact.model);
  const model = packer.pack(artifact.model, '');
  return JSON.stringify({ ...artifact, model, ...(packer.tables.length && { valueTables: packer.tables }) });
}

/** Reads an artifact from `encodeArtifact` text; throws a clear message on anything else. */
export function decodeArtifact(text: string): ModelArtifact {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('Not a Customer Intelligence model file: it is not JSON');
  }
  if (!isObject(parsed) || parsed.format !== artifactFormat) throw new Error('Not a Customer Intelligence model file');
  const version = parsed.version;
  if (version !== artifactVersion) {
    const which = typeof version === 'number' ? `version ${version}` : 'of no known version';
    throw new Error(`This model file is ${which}; this app reads version ${artifactVersion}`);
  }
  for (const [field, check] of requiredFields) {
    if (!check(parsed[field])) throw new Error(`This model file is damaged: "${field}" is missing or invalid`);
  }
  const model = parsed.model as Record<string, unknown>;
  if (!isModelKind(String(model.kind))) {
    throw new Error(`This model file holds an unknown model "${String(model.kind)}"; this app knows: ${modelKinds.join(', ')}`);
  }
  if (model.task !== 'regression' && model.task !== 'classification') throw new Error(`This model file is damaged: the model's task is "${String(model.task)}"`);
  const { valueTables, ...rest } = parsed;
  if (valueTables !== undefined && !(Array.isArray(valueTables) && valueTables.every(isObject))) throw new Error('This model file is damaged: "valueTables" is invalid');
  const tables = ((valueTables ?? []) as Record<string, unknown>[]).map((t) => unpackNumbers(t, []));
  return { ...(rest as unknown as ModelArtifact), model: unpackArrays(model, tables) as ModelArtifact['model'] };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Top-level fields every version-1 artifact has, with a shape check. */
const requiredFields: [string, (v: unknown) => boolean][] = [
  ['createdAt', (v) => typeof v === 'string'],
  ['model', isObject],
  ['target', (v) => isObject(v) && typeof v.name === 'string' && (v.task === 'regression' || v.task === 'classification')],
  ['inputs', (v) => Array.isArray(v) && v.every((i) => isObject(i) && typeof i.name === 'string')],
  ['pipeline', (v) => isObject(v) && Array.isArray(v.steps) && Array.isArray(v.featureNames)],
  ['derived', (v) => Array.isArray(v) && v.every((d) => isObject(d) && typeof d.name === 'string' && typeof d.formula === 'string')],
  ['profile', (v) => isObject(v) && Array.isArray(v.columns)],
  ['training', isObject],
];

/** A key of a value table: the number, with −0 apart from 0 (Map keys treat them as equal). */
const keyOf = (v: number): number | string => (Object.is(v, -0) ? '-0' : v);

/** Does this array get packed at all: long enough, or holding what JSON cannot (NaN, ±Infinity)? */
function isPackable(value: unknown[]): value is number[] {
  if (value.length === 0 || !value.every((v) => typeof v === 'number')) return false;
  return value.length >= packMinLength || !(value as number[]).every(Number.isFinite);
}

/** Packs the number arrays of one model JSON, planning a value table per property name first. */
class ModelPacker {
  /** Packed value tables, referred to by index from `dict`. */
  readonly tables: PackedArray[] = [];
  /** Per property name: the index of each distinct value and the table it is in. */
  private readonly plans = new Map<string, { table: number; index: Map<number | string, number>; dtype: PackedDtype }>();

  constructor(model: unknown) {
    const groups = new Map<string, number[][]>();
    const collect = (value: unknown, key: string): void => {
      if (Array.isArray(value)) {
        if (isPackable(value)) {
          if (!integerDtype(value)) {
            const group = groups.get(key);
            if (group) group.push(value);
            else groups.set(key, [value]);
          }
        } else value.forEach((v) => collect(v, key));
      } else if (isObject(value)) for (const [k, v] of Object.entries(value)) collect(v, k);
    };
    collect(model, '');
    for (const [key, arrays] of groups) {
      const index = new Map<number | string, number>();
      const values: number[] = [];
      let count = 0;
      let alone = 0;
      for (const array of arrays) {
        count += array.length;
        alone += array.length * byteSize[floatDtype(array)];
        for (const v of array) {
          const k = keyOf(v);
          if (!index.has(k)) {
            index.set(k, values.length);
            values.push(v);
          }
        }
      }
      const dtype: PackedDtype = values.length <= 256 ? 'u8' : values.length <= 65_536 ? 'u16' : 'u32';
      if (values.length * byteSize[floatDtype(values)] + count * byteSize[dtype] >= alone) continue;
      this.plans.set(key, { table: this.tables.length, index, dtype });
      this.tables.push(packNumbers(values, integerDtype(values) ?? floatDtype(values)));
    }
  }

  /** `value` with its number arrays packed (`key`: the property the value sits under). */
  pack(value: unknown, key: string): unknown {
    if (Array.isArray(value)) return isPackable(value) ? this.packArray(value, key) : value.map((v) => this.pack(v, key));
    // fromEntries defines own properties, so a key "__proto__" stays a key and never sets a prototype.
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.pack(v, k)]));
    return value;
  }

  private packArray(values: number[], key: string): PackedArray | number[] {
    const ints = integerDtype(values);
    const plan = ints ? undefined : this.plans.get(key);
    let packed: PackedArray;
    if (plan) {
      const indices = values.map((v) => plan.index.get(keyOf(v))!);
      packed = { ...packNumbers(indices, plan.dtype), dict: plan.table };
    } else packed = packNumbers(values, ints ?? floatDtype(values));
    if (!values.every(Number.isFinite)) return packed;
    return JSON.stringify(packed).length < JSON.stringify(values).length ? packed : values;
  }
}

/** `value` with every {@link PackedArray} turned back into a plain array of numbers. */
function unpackArrays(value: unknown, tables: readonly number[][]): unknown {
  if (Array.isArray(value)) return value.map((v) => unpackArrays(v, tables));
  if (!isObject(value)) return value;
  if ('$b64' in value) return unpackNumbers(value, tables);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unpackArrays(v, tables)]));
}

/** The narrowest signed integer type holding every value, or null when one is not an integer (or is −0). */
function integerDtype(values: readonly number[]): 'i8' | 'i16' | 'i32' | null {
  let min = 0;
  let max = 0;
  for (const v of values) {
    if (!Number.isInteger(v) || Object.is(v, -0)) return null;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min >= -128 && max <= 127) return 'i8';
  if (min >= -32_768 && max <= 32_767) return 'i16';
  return min >= -2_147_483_648 && max <= 2_147_483_647 ? 'i32' : null;
}

/** f32 when every value survives a round trip through float32 (network weights do), else f64. */
function floatDtype(values: readonly number[]): 'f32' | 'f64' {
  return values.every((v) => Object.is(Math.fround(v), v)) ? 'f32' : 'f64';
}

function packNumbers(values: readonly number[], dtype: PackedDtype): PackedArray {
  const size = byteSize[dtype];
  const bytes = new Uint8Array(values.length * size);
  const view = new DataView(bytes.buffer);
  // DataView with explicit little-endian: the file reads the same on any machine.
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const at = i * size;
    if (dtype === 'f64') view.setFloat64(at, v, true);
    else if (dtype === 'f32') view.setFloat32(at, v, true);
    else if (dtype === 'i32' || dtype === 'u32') view.setUint32(at, v >>> 0, true);
    else if (dtype === 'i16' || dtype === 'u16') view.setUint16(at, v & 0xffff, true);
    else view.setUint8(at, v & 0xff);
  }
  return { $b64: dtype, n: values.length, data: encodeBase64(bytes) };
}

function unpackNumbers(packed: Record<string, unknown>, tables: readonly number[][]): number[] {
  const dtype = packed.$b64 as PackedDtype;
  const n = packed.n;
  if (typeof dtype !== 'string' || !Object.hasOwn(byteSize, dtype)) throw new Error(`This model file is damaged: unknown array type "${String(dtype)}"`);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || typeof packed.data !== 'string') {
    throw new Error('This model file is damaged: a packed array lacks its length or data');
  }
  const isIndex = dtype[0] === 'u';
  const table = isIndex ? tables[packed.dict as number] : undefined;
  if (isIndex && !table) throw new Error(`This model file is damaged: value table ${String(packed.dict)} does not exist`);
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(packed.data);
  } catch (e) {
    throw new Error(`This model file is damaged: ${(e as Error).message}`);
  }
  const size = byteSize[dtype];
  if (bytes.length !== n * size) throw new Error(`This model file is damaged: a packed array has ${bytes.length} bytes, expected ${n * size}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = readers[dtype];
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = read(view, i * size);
  if (!table) return out;
  for (let i = 0; i < n; i++) {
    if (out[i] >= table.length) throw new Error(`This model file is damaged: index ${out[i]} is outside value table ${String(packed.dict)}`);
    out[i] = table[out[i]];
  }
  return out;
}

const readers: Record<PackedDtype, (view: DataView, at: number) => number> = {
  i8: (v, at) => v.getInt8(at),
  i16: (v, at) => v.getInt16(at, true),
  i32: (v, at) => v.getInt32(at, true),
  f32: (v, at) => v.getFloat32(at, true),
  f64: (v, at) => v.getFloat64(at, true),
  u8: (v, at) => v.getUint8(at),
  u16: (v, at) => v.getUint16(at, true),
  u32: (v, at) => v.getUint32(at, true),
};
