/**
 * Prunes an ONNX model to the nodes some outputs need. onnxruntime runs every node of a graph
 * whatever outputs a run fetches, so a classifier asked only for its scores would still compute its
 * input gradients — as much work again as the scores. The pruned model runs the same nodes with
 * the same weights for the outputs it keeps, so their values are unchanged.
 *
 * Works on the protobuf wire format directly (ModelProto → GraphProto → NodeProto, TensorProto,
 * ValueInfoProto), copying every field it does not need to understand byte for byte.
 *
 * @example
 *   const scoreOnly = pruneToOutputs(onnxBytes, ['score']);
 */

/** One field of a protobuf message: where it lies, and for length-delimited fields its payload. */
interface Field {
  number: number;
  /** The whole field (tag and value) within the message. */
  start: number;
  end: number;
  /** For wire type 2, the payload. */
  payload?: Uint8Array;
}

export class OnnxPruneError extends Error {
  override readonly name = 'OnnxPruneError';
}

function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = at; i < bytes.length && i < at + 10; i++) {
    const b = bytes[i];
    value += (b & 0x7f) * scale;
    scale *= 128;
    if (b < 0x80) return { value, next: i + 1 };
  }
  throw new OnnxPruneError('truncated varint');
}

function fields(message: Uint8Array): Field[] {
  const out: Field[] = [];
  let at = 0;
  while (at < message.length) {
    const start = at;
    const tag = readVarint(message, at);
    at = tag.next;
    const number = Math.floor(tag.value / 8);
    const wireType = tag.value % 8;
    let payload: Uint8Array | undefined;
    if (wireType === 0) at = readVarint(message, at).next;
    else if (wireType === 1) at += 8;
    else if (wireType === 5) at += 4;
    else if (wireType === 2) {
      const length = readVarint(message, at);
      at = length.next + length.value;
      payload = message.subarray(length.next, at);
    } else throw new OnnxPruneError(`unsupported wire type ${wireType}`);
    if (at > message.length) throw new OnnxPruneError('truncated field');
    out.push({ number, start, end: at, payload });
  }
  return out;
}

const utf8 = new TextDecoder();

/** The string values of repeated string field `number` of a message. */
function strings(message: Uint8Array, number: number): string[] {
  return fields(message)
    .filter((f) => f.number === number && f.payload)
    .map((f) => utf8.decode(f.payload));
}

function varint(value: number): number[] {
  const out: number[] = [];
  while (value >= 0x80) {
    out.push((value % 128) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
  return out;
}

/** The parts one after another. */
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// Field numbers of onnx.proto3.
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const GRAPH_VALUE_INFO = 13;
const NODE_INPUT = 1;
const NODE_OUTPUT = 2;
const NODE_ATTRIBUTE = 5;
const ATTRIBUTE_GRAPH = 6;
const ATTRIBUTE_GRAPHS = 11;
const TENSOR_NAME = 8;
const VALUE_INFO_NAME = 1;

/**
 * The model with only the graph outputs in `keep` and the nodes, initializers and value infos they
 * need. Returns the input unchanged when every output is kept, or when a node carries a subgraph
 * (Loop, If, Scan), whose bodies may read outer values by name. Throws if an output is unknown.
 */
export function pruneToOutputs(model: Uint8Array, keep: readonly string[]): Uint8Array {
  const modelFields = fields(model);
  const graphField = modelFields.find((f) => f.number === MODEL_GRAPH && f.payload);
  if (!graphField?.payload) throw new OnnxPruneError('the model has no graph');
  const graph = graphField.payload;
  const graphFields = fields(graph);
  const outputs = graphFields.filter((f) => f.number === GRAPH_OUTPUT).map((f) => ({ field: f, name: strings(f.payload!, VALUE_INFO_NAME)[0] }));
  for (const name of keep) {
    if (!outputs.some((o) => o.name === name)) throw new OnnxPruneError(`the model has no output "${name}"`);
  }
  if (outputs.every((o) => keep.includes(o.name))) return model;

  const nodes = graphFields.filter((f) => f.number === GRAPH_NODE);
  const hasSubgraph = nodes.some((n) =>
    fields(n.payload!).some((a) => a.number === NODE_ATTRIBUTE && fields(a.payload!).some((g) => g.number === ATTRIBUTE_GRAPH || g.number === ATTRIBUTE_GRAPHS)),
  );
  if (hasSubgraph) return model;

  // Walk back from the kept outputs through each value's producer. ONNX asks for nodes in
  // topological order but onnxruntime does not rely on it, so neither does this.
  const producer = new Map<string, Field>();
  for (const node of nodes) for (const name of strings(node.payload!, NODE_OUTPUT)) producer.set(name, node);
  const needed = new Set<string>();
  const kept = new Set<Field>();
  const pending = [...keep];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (needed.has(name)) continue;
    needed.add(name);
    const node = producer.get(name);
    if (!node || kept.has(node)) continue;
    kept.add(node);
    for (const input of strings(node.payload!, NODE_INPUT)) if (input !== '') pending.push(input);
  }
  // Older exporters also list every initializer as a graph input (mandatory before IR 4): such an
  // input goes with its initializer, or the pruned model would ask to be fed the weight.
  const initializers = new Set(graphFields.filter((f) => f.number === GRAPH_INITIALIZER).map((f) => strings(f.payload!, TENSOR_NAME)[0]));
  const keepField = (f: Field): boolean => {
    if (f.number === GRAPH_NODE) return kept.has(f);
    if (f.number === GRAPH_OUTPUT) return keep.includes(strings(f.payload!, VALUE_INFO_NAME)[0]);
    if (f.number === GRAPH_INITIALIZER) return needed.has(strings(f.payload!, TENSOR_NAME)[0]);
    if (f.number === GRAPH_VALUE_INFO) return needed.has(strings(f.payload!, VALUE_INFO_NAME)[0]);
    if (f.number === GRAPH_INPUT) {
      const name = strings(f.payload!, VALUE_INFO_NAME)[0];
      return !initializers.has(name) || needed.has(name);
    }
    return true; // name, doc string, sparse initializers, …
  };
  const prunedGraph = concat(graphFields.filter(keepField).map((f) => graph.subarray(f.start, f.end)));
  const parts: Uint8Array[] = [];
  for (const f of modelFields) {
    if (f !== graphField) parts.push(model.subarray(f.start, f.end));
    else parts.push(new Uint8Array([...varint(MODEL_GRAPH * 8 + 2), ...varint(prunedGraph.length)]), prunedGraph);
  }
  return concat(parts);
}
