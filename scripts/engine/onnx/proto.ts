/**
 * A minimal protobuf writer for the parts of onnx.proto the engine emits: ModelProto, GraphProto,
 * NodeProto, TensorProto, ValueInfoProto and AttributeProto. Field numbers follow onnx.proto
 * (proto2); repeated scalars are written unpacked, which every protobuf parser accepts.
 *
 * @example
 *   const bytes = encodeModel({
 *     graph: {
 *       name: 'add',
 *       nodes: [{ opType: 'Add', inputs: ['a', 'b'], outputs: ['c'] }],
 *       inputs: [valueInfo('a', DataType.FLOAT, ['N']), valueInfo('b', DataType.FLOAT, ['N'])],
 *       outputs: [valueInfo('c', DataType.FLOAT, ['N'])],
 *     },
 *   });
 */

/** TensorProto.DataType values. */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  DOUBLE: 11,
} as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType values. */
const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7 } as const;

/** The IR version and default-domain opset every emitted model declares. */
export const IR_VERSION = 8;
export const OPSET = 17;

export interface TensorProtoInit {
  name: string;
  dataType: DataTypeCode;
  dims: readonly number[];
  /** Little-endian element bytes (raw_data). */
  rawData: Uint8Array;
}

export type AttributeInit =
  | { name: string; type: 'float'; value: number }
  | { name: string; type: 'int'; value: number | bigint }
  | { name: string; type: 'string'; value: string }
  | { name: string; type: 'tensor'; value: TensorProtoInit }
  /** A subgraph, e.g. the `body` of a Loop. */
  | { name: string; type: 'graph'; value: GraphProtoInit }
  | { name: string; type: 'floats'; value: readonly number[] }
  | { name: string; type: 'ints'; value: readonly (number | bigint)[] };

export interface NodeProtoInit {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  domain?: string;
  attributes?: readonly AttributeInit[];
}

/** A dimension is a fixed size or a symbolic name such as 'N'. */
export type DimInit = number | string;

export interface ValueInfoInit {
  name: string;
  elemType: DataTypeCode;
  shape: readonly DimInit[];
}

export interface GraphProtoInit {
  name: string;
  nodes: readonly NodeProtoInit[];
  inputs: readonly ValueInfoInit[];
  outputs: readonly ValueInfoInit[];
  initializers?: readonly TensorProtoInit[];
  valueInfo?: readonly ValueInfoInit[];
  docString?: string;
}

export interface ModelProtoInit {
  graph: GraphProtoInit;
  irVersion?: number;
  opset?: number;
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  metadata?: Readonly<Record<string, string>>;
}

/** Shorthand for a ValueInfoProto description. */
export function valueInfo(name: string, elemType: DataTypeCode, shape: readonly DimInit[]): ValueInfoInit {
  return { name, elemType, shape };
}

/** Serialises a model to the ONNX protobuf wire format. */
export function encodeModel(model: ModelProtoInit): Uint8Array {
  const w = new ProtoWriter();
  w.int64(1, model.irVersion ?? IR_VERSION);
  w.string(2, model.producerName ?? 'dreamwatch-engine');
  if (model.producerVersion) w.string(3, model.producerVersion);
  if (model.docString) w.string(6, model.docString);
  w.message(7, encodeGraph(model.graph));
  const opset = new ProtoWriter();
  opset.string(1, '');
  opset.int64(2, model.opset ?? OPSET);
  w.message(8, opset.finish());
  for (const [key, value] of Object.entries(model.metadata ?? {})) {
    const entry = new ProtoWriter();
    entry.string(1, key);
    entry.string(2, value);
    w.message(14, entry.finish());
  }
  return w.finish();
}

export function encodeGraph(graph: GraphProtoInit): Uint8Array {
  const w = new ProtoWriter();
  for (const node of graph.nodes) w.message(1, encodeNode(node));
  w.string(2, graph.name);
  for (const t of graph.initializers ?? []) w.message(5, encodeTensor(t));
  if (graph.docString) w.string(10, graph.docString);
  for (const v of graph.inputs) w.message(11, encodeValueInfo(v));
  for (const v of graph.outputs) w.message(12, encodeValueInfo(v));
  for (const v of graph.valueInfo ?? []) w.message(13, encodeValueInfo(v));
  return w.finish();
}

export function encodeNode(node: NodeProtoInit): Uint8Array {
  const w = new ProtoWriter();
  for (const name of node.inputs) w.string(1, name);
  for (const name of node.outputs) w.string(2, name);
  if (node.name) w.string(3, node.name);
  w.string(4, node.opType);
  for (const a of node.attributes ?? []) w.message(5, encodeAttribute(a));
  if (node.domain) w.string(7, node.domain);
  return w.finish();
}

export function encodeTensor(t: TensorProtoInit): Uint8Array {
  const w = new ProtoWriter();
  for (const d of t.dims) w.int64(1, d);
  w.int64(2, t.dataType);
  w.string(8, t.name);
  w.bytes(9, t.rawData);
  return w.finish();
}

export function encodeValueInfo(v: ValueInfoInit): Uint8Array {
  const shape = new ProtoWriter();
  for (const d of v.shape) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.int64(1, d);
    else dim.string(2, d);
    shape.message(1, dim.finish());
  }
  const tensorType = new ProtoWriter();
  tensorType.int64(1, v.elemType);
  tensorType.message(2, shape.finish());
  const type = new ProtoWriter();
  type.message(1, tensorType.finish());
  const w = new ProtoWriter();
  w.string(1, v.name);
  w.message(2, type.finish());
  return w.finish();
}

export function encodeAttribute(a: AttributeInit): Uint8Array {
  const w = new ProtoWriter();
  w.string(1, a.name);
  switch (a.type) {
    case 'float':
      w.float(2, a.value);
      w.int64(20, AttributeType.FLOAT);
      break;
    case 'int':
      w.int64(3, a.value);
      w.int64(20, AttributeType.INT);
      break;
    case 'string':
      w.bytes(4, utf8(a.value));
      w.int64(20, AttributeType.STRING);
      break;
    case 'tensor':
      w.message(5, encodeTensor(a.value));
      w.int64(20, AttributeType.TENSOR);
      break;
    case 'graph':
      w.message(6, encodeGraph(a.value));
      w.int64(20, AttributeType.GRAPH);
      break;
    case 'floats':
      for (const f of a.value) w.float(7, f);
      w.int64(20, AttributeType.FLOATS);
      break;
    case 'ints':
      for (const i of a.value) w.int64(8, i);
      w.int64(20, AttributeType.INTS);
      break;
  }
  return w.finish();
}

const encoder = new TextEncoder();
function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

const WIRE_VARINT = 0;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

/** Append-only protobuf encoder. Nested messages are encoded first and embedded as bytes. */
export class ProtoWriter {
  private buf = new Uint8Array(64);
  private len = 0;

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  /** Unsigned varint of a non-negative safe integer or any int64 given as bigint. */
  varint(value: number | bigint): void {
    if (typeof value === 'number' && value >= 0 && value <= 0xffffffff && Number.isInteger(value)) {
      let v = value;
      while (v > 0x7f) {
        this.byte((v & 0x7f) | 0x80);
        v = Math.floor(v / 128);
      }
      this.byte(v);
      return;
    }
    // Negative int64 values are encoded as their 64-bit two's complement (10 bytes).
    let v = BigInt.asUintN(64, BigInt(value));
    while (v > 0x7fn) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  int64(field: number, value: number | bigint): void {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new Error(`int64 field ${field}: ${value} is not a safe integer`);
    }
    this.tag(field, WIRE_VARINT);
    this.varint(value);
  }

  float(field: number, value: number): void {
    this.tag(field, WIRE_FIXED32);
    this.ensure(4);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.len, 4).setFloat32(0, value, true);
    this.len += 4;
  }

  bytes(field: number, data: Uint8Array): void {
    this.tag(field, WIRE_LEN);
    this.varint(data.length);
    this.ensure(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
  }

  string(field: number, s: string): void {
    this.bytes(field, utf8(s));
  }

  message(field: number, encoded: Uint8Array): void {
    this.bytes(field, encoded);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
