/**
 * A self-describing binary checkpoint: magic, a JSON header, then 8-byte-aligned raw arrays.
 * Platform-neutral (no Node APIs); callers write the bytes wherever they like.
 */
import { type FloatArray, allocate } from './dtype.js';
import type { ParamValues } from './init.js';
import type { Checkpoint } from './trainer.js';

const MAGIC = 'DWCKPT1\n';
type Group = 'params' | 'm' | 'v';

interface Entry {
  group: Group;
  name: string;
  dtype: 'float32' | 'float64';
  length: number;
  offset: number;
}

/**
 * Serialises a checkpoint.
 *
 * @example
 *   const bytes = encodeCheckpoint(trainer.checkpoint());
 *   trainer.restore(decodeCheckpoint(bytes));
 */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  const entries: Entry[] = [];
  const arrays: FloatArray[] = [];
  let offset = 0;
  for (const group of ['params', 'm', 'v'] as const) {
    for (const [name, values] of Object.entries(checkpoint[group])) {
      const dtype = values instanceof Float64Array ? 'float64' : 'float32';
      entries.push({ group, name, dtype, length: values.length, offset });
      arrays.push(values);
      offset += align8(values.byteLength);
    }
  }
  const header = new TextEncoder().encode(JSON.stringify({ step: checkpoint.step, entries }));
  const dataStart = align8(MAGIC.length + 4 + header.length);
  const out = new Uint8Array(dataStart + offset);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, header.length, true);
  out.set(header, MAGIC.length + 4);
  entries.forEach((e, i) => out.set(new Uint8Array(arrays[i].buffer, arrays[i].byteOffset, arrays[i].byteLength), dataStart + e.offset));
  return out;
}

/** Parses bytes written by encodeCheckpoint. */
export function decodeCheckpoint(bytes: Uint8Array): Checkpoint {
  const magic = new TextDecoder().decode(bytes.subarray(0, MAGIC.length));
  if (magic !== MAGIC) throw new Error('not a checkpoint (bad magic)');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength))) as {
    step: number;
    entries: Entry[];
  };
  const dataStart = align8(MAGIC.length + 4 + headerLength);
  const groups: Record<Group, ParamValues> = { params: {}, m: {}, v: {} };
  for (const e of header.entries) {
    const values = allocate(e.dtype, e.length) as FloatArray;
    const start = bytes.byteOffset + dataStart + e.offset;
    new Uint8Array(values.buffer).set(new Uint8Array(bytes.buffer, start, values.byteLength));
    groups[e.group][e.name] = values;
  }
  return { step: header.step, ...groups };
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
