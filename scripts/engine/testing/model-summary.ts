/**
 * Reads back the outline of an emitted ONNX model (opset, top-level op types, nodes inside
 * subgraph attributes) with a minimal protobuf wire-format reader, so tests can check the
 * structure the engine writes without a second ONNX library.
 *
 * @example
 *   const { opset, nodes, subgraphNodes } = decodeModelSummary(bytes); // 17, ['Shape', 'Squeeze', 'Loop'], 412
 */

interface Field {
  field: number;
  wire: number;
  /** Varint value (wire 0) or the bytes of a length-delimited field (wire 2). */
  value: bigint | Uint8Array;
}

function* fields(buf: Uint8Array): Generator<Field> {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
    }
  };
  while (pos < buf.length) {
    const tag = Number(varint());
    const field = tag >> 3;
    const wire = tag & 7;
    if (wire === 0) yield { field, wire, value: varint() };
    else if (wire === 2) {
      const len = Number(varint());
      yield { field, wire, value: buf.subarray(pos, pos + len) };
      pos += len;
    } else if (wire === 5) pos += 4;
    else if (wire === 1) pos += 8;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

const text = new TextDecoder();

function graphSummary(graph: Uint8Array): { nodes: string[]; subgraphNodes: number } {
  const nodes: string[] = [];
  let subgraphNodes = 0;
  for (const f of fields(graph)) {
    if (f.field !== 1) continue;
    for (const nf of fields(f.value as Uint8Array)) {
      if (nf.field === 4) nodes.push(text.decode(nf.value as Uint8Array));
      if (nf.field === 5) {
        for (const af of fields(nf.value as Uint8Array)) {
          if (af.field === 6) {
            const inner = graphSummary(af.value as Uint8Array);
            subgraphNodes += inner.nodes.length + inner.subgraphNodes;
          }
        }
      }
    }
  }
  return { nodes, subgraphNodes };
}

export function decodeModelSummary(model: Uint8Array): { opset: number; nodes: string[]; subgraphNodes: number } {
  let opset = -1;
  let graph: Uint8Array | undefined;
  for (const f of fields(model)) {
    if (f.field === 7) graph = f.value as Uint8Array;
    if (f.field === 8) for (const of of fields(f.value as Uint8Array)) if (of.field === 2) opset = Number(of.value);
  }
  if (!graph) throw new Error('model has no graph');
  return { opset, ...graphSummary(graph) };
}
