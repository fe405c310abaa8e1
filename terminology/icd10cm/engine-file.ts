import { AppError } from '../../server/errors/app-error.ts';
import type { EngineArrays } from './search-engine.ts';

type TypedArray = Int32Array | Uint8Array | Uint32Array | Float32Array;
const TYPES = { Int32Array, Uint8Array, Uint32Array, Float32Array } as const;
type TypeName = keyof typeof TYPES;

const FIELDS: readonly (keyof EngineArrays)[] = [
  'termCode',
  'termKind',
  'termText',
  'groupStart',
  'groupCount',
  'groupEssential',
  'groupWeight',
  'groupStemStart',
  'groupStemCount',
  'stemData',
  'essentialWeight',
  'requiredMask',
  'postingStart',
  'postingData',
  'df',
];

interface Entry {
  name: keyof EngineArrays;
  type: TypeName;
  offset: number;
  length: number;
}

const pad8 = (n: number): number => (n + 7) & ~7;

/**
 * The engine arrays as one little-endian file: a 4-byte header length, a JSON table of contents, then each
 * array 8-byte aligned. Loading is one read and a view per array.
 */
export function encodeEngine(arrays: EngineArrays): Uint8Array {
  const entries: Entry[] = [];
  let offset = 0;
  for (const name of FIELDS) {
    const array = arrays[name];
    entries.push({ name, type: array.constructor.name as TypeName, offset, length: array.length });
    offset = pad8(offset + array.byteLength);
  }
  const header = Buffer.from(JSON.stringify(entries), 'utf8');
  const dataStart = pad8(4 + header.byteLength);
  const out = new Uint8Array(dataStart + offset);
  new DataView(out.buffer).setUint32(0, header.byteLength, true);
  out.set(header, 4);
  for (const entry of entries) {
    const array = arrays[entry.name];
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), dataStart + entry.offset);
  }
  return out;
}

/** Views over an engine file's bytes; a file that does not hold every array whole is CORRUPT_DATA. */
export function decodeEngine(bytes: Uint8Array): EngineArrays {
  const corrupt = (): AppError => new AppError('CORRUPT_DATA', 'terminology index: the search engine file is damaged');
  if (bytes.byteLength < 4) throw corrupt();
  // Copy into an 8-aligned buffer of our own: the views below need aligned offsets.
  const own = new Uint8Array(bytes.byteLength);
  own.set(bytes);
  const headerLength = new DataView(own.buffer).getUint32(0, true);
  let entries: Entry[];
  try {
    entries = JSON.parse(Buffer.from(own.buffer, 4, headerLength).toString('utf8')) as Entry[];
  } catch {
    throw corrupt();
  }
  const dataStart = pad8(4 + headerLength);
  const out: Partial<Record<keyof EngineArrays, TypedArray>> = {};
  for (const name of FIELDS) {
    const entry = entries.find((e) => e.name === name);
    const Type = entry ? TYPES[entry.type] : undefined;
    if (!entry || !Type || dataStart + entry.offset + entry.length * Type.BYTES_PER_ELEMENT > own.byteLength)
      throw corrupt();
    out[name] = new Type(own.buffer, dataStart + entry.offset, entry.length);
  }
  return out as EngineArrays;
}
