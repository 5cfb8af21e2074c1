/**
 * Lowers a graph to an ONNX model: keeps only the nodes the requested outputs depend on, names
 * every value, turns constants (and optionally parameters) into initializers and lets each op
 * emit its ONNX nodes.
 */
import { type DType, type TensorData, onnxDataType, rawBytes, toTypedArray } from '../dtype.js';
import type { Emitter, Graph, Node, Tensor } from '../graph.js';
import type { Shape } from '../shape.js';
import { type AttributeInit, type GraphProtoInit, type NodeProtoInit, type TensorProtoInit, type ValueInfoInit, encodeModel, valueInfo } from './proto.js';

export interface EmitOptions {
  /** ONNX output name -> tensor; defaults to the graph's registered outputs. */
  outputs?: Readonly<Record<string, Tensor>>;
  /** Parameter values to embed as initializers; parameters without one become graph inputs. */
  initializers?: Readonly<Record<string, TensorData>>;
  /**
   * Tensors (typically parameters) to compute from other graph values instead of feeding them,
   * e.g. views into one packed parameter vector. The substitute must have the same type.
   */
  substitutes?: ReadonlyMap<Tensor, Tensor>;
  name?: string;
  docString?: string;
  metadata?: Readonly<Record<string, string>>;
}

export interface ValueSignature {
  name: string;
  dtype: DType;
  shape: Shape;
}

export interface EmittedModel {
  bytes: Uint8Array;
  /** The model's inputs in order: the graph inputs and parameters the outputs depend on. */
  inputs: ValueSignature[];
  outputs: ValueSignature[];
  /** Number of ONNX nodes (after pruning), for diagnostics and benchmarks. */
  nodeCount: number;
  /** Whether any value is float64 (onnxruntime's extended fusions have float-only kernels). */
  usesFloat64: boolean;
}

/**
 * Emits an ONNX model (ir_version 8, opset 17).
 *
 * @example
 *   const { bytes } = emitModel(g, { outputs: { y } });
 *   const session = await ort.InferenceSession.create(bytes);
 */
export function emitModel(graph: Graph, options: EmitOptions = {}): EmittedModel {
  const { graph: proto, ...rest } = emitGraph(graph, options);
  return { bytes: encodeModel({ graph: proto, metadata: options.metadata }), ...rest };
}

/** An emitted graph before serialisation, e.g. to become the body of a Loop. */
export interface EmittedGraph extends Omit<EmittedModel, 'bytes'> {
  graph: GraphProtoInit;
}

/**
 * Lowers a graph to a GraphProto description without encoding it, so that callers can embed it
 * as a subgraph (Loop body) or rename its values first.
 *
 * @example
 *   const { graph: body, inputs } = emitGraph(g, { outputs: { y } });
 *   encodeModel({ graph: body }); // what emitModel does
 */
export function emitGraph(graph: Graph, options: EmitOptions = {}): EmittedGraph {
  const outputs = Object.entries(options.outputs ?? Object.fromEntries(graph.outputs));
  if (outputs.length === 0) throw new Error('emitModel: no outputs');
  const initValues = options.initializers ?? {};

  const substitutes = options.substitutes ?? new Map<Tensor, Tensor>();
  for (const [t, sub] of substitutes) {
    if (t.dtype !== sub.dtype || t.shape.join() !== sub.shape.join()) throw new Error(`substitute ${sub} does not match ${t}`);
  }
  const resolve = (t: Tensor): Tensor => substitutes.get(t) ?? t;
  const { order, leaves } = schedule(outputs.map(([, t]) => resolve(t)), resolve);
  const reserved = new Set<string>([...graph.inputs, ...graph.params].map((t) => t.name!));
  const names = new Map<number, string>();
  // An output is the producing node's value itself when possible; inputs, constants and tensors
  // requested twice get an Identity node under the output name.
  const aliases: [string, Tensor][] = [];
  for (const [name] of outputs) {
    if (reserved.has(name)) throw new Error(`output name ${name} is already used by an input, parameter or output`);
    reserved.add(name);
  }
  for (const [name, output] of outputs) {
    const t = substitutes.get(output) ?? output;
    if (t.source.kind === 'node' && !names.has(t.id)) names.set(t.id, name);
    else aliases.push([name, t]);
  }

  let counter = 0;
  const fresh = (hint: string): string => {
    let n: string;
    do n = `${hint}_${counter++}`;
    while (reserved.has(n));
    reserved.add(n);
    return n;
  };
  const nameOf = (tensor: Tensor): string => {
    const t = resolve(tensor);
    let n = names.get(t.id) ?? t.name;
    if (n === undefined) {
      n = fresh(t.source.kind === 'const' ? 'const' : 't');
      names.set(t.id, n);
    }
    return n;
  };

  const nodes: NodeProtoInit[] = [];
  const initializers: TensorProtoInit[] = [];
  const constants = new Map<string, string>();
  const constantName = (dtype: DType, shape: readonly number[], data: TensorData): string => {
    const key = `${dtype}[${shape.join(',')}]${Array.from(data as ArrayLike<number | bigint>).join(',')}`;
    let name = constants.get(key);
    if (name === undefined) {
      name = fresh('const');
      initializers.push({ name, dataType: onnxDataType(dtype), dims: shape, rawData: rawBytes(data) });
      constants.set(key, name);
    }
    return name;
  };
  const constantOf = (t: Tensor): void => {
    if (t.source.kind === 'const' && !names.has(t.id)) names.set(t.id, constantName(t.dtype, t.shape as number[], t.source.data));
  };

  const emitter: Emitter = {
    name: nameOf,
    fresh,
    node(opType: string, inputs: readonly string[], outs: readonly string[], attributes?: AttributeInit[]) {
      nodes.push({ opType, inputs, outputs: outs, name: `${opType}_${nodes.length}`, attributes });
    },
    constant(dtype, shape, values) {
      return constantName(dtype, shape, toTypedArray(dtype, values));
    },
    dim(symbol) {
      let name = dimNames.get(symbol);
      if (name === undefined) {
        const { tensor, axis } = symbolSource(graph, symbol, leaves);
        leaves.add(tensor.id); // the source becomes a model input if it was not one already
        name = fresh(`dim_${symbol}`);
        const range: AttributeInit[] = [
          { name: 'start', type: 'int', value: axis },
          { name: 'end', type: 'int', value: axis + 1 },
        ];
        emitter.node('Shape', [nameOf(tensor)], [name], range);
        dimNames.set(symbol, name);
      }
      return name;
    },
    shape(dims) {
      if (dims.every((d) => typeof d === 'number')) return emitter.constant('int64', [dims.length], dims as number[]);
      const key = dims.join(',');
      let name = shapeNames.get(key);
      if (name === undefined) {
        const parts = dims.map((d) => (typeof d === 'number' ? emitter.constant('int64', [1], [d]) : emitter.dim(d)));
        name = fresh('shape');
        emitter.node('Concat', parts, [name], [{ name: 'axis', type: 'int', value: 0 }]);
        shapeNames.set(key, name);
      }
      return name;
    },
  };
  const dimNames = new Map<string, string>();
  const shapeNames = new Map<string, string>();

  for (const node of order) {
    node.inputs.map(resolve).forEach(constantOf);
    node.op.emit(emitter, node);
  }
  for (const [name, t] of aliases) {
    constantOf(resolve(t));
    nodes.push({ opType: 'Identity', inputs: [nameOf(t)], outputs: [name], name: `Identity_${nodes.length}` });
  }

  const inputs: ValueSignature[] = [];
  for (const t of [...graph.inputs, ...graph.params]) {
    if (!leaves.has(t.id)) continue;
    const value = initValues[t.name!];
    if (t.source.kind === 'param' && value !== undefined) {
      const expected = t.shape.reduce<number>((a, d) => a * (d as number), 1);
      if (value.length !== expected) throw new Error(`initializer ${t.name} has ${value.length} values, expected ${expected}`);
      initializers.push({ name: t.name!, dataType: onnxDataType(t.dtype), dims: t.shape as number[], rawData: rawBytes(castTo(value, t.dtype)) });
    } else {
      inputs.push({ name: t.name!, dtype: t.dtype, shape: t.shape });
    }
  }

  const outputSigs = outputs.map(([name, t]) => ({ name, dtype: t.dtype, shape: t.shape }));
  const toInfo = (v: ValueSignature): ValueInfoInit => valueInfo(v.name, onnxDataType(v.dtype), v.shape);
  const proto: GraphProtoInit = { name: options.name ?? 'graph', nodes, initializers, inputs: inputs.map(toInfo), outputs: outputSigs.map(toInfo), docString: options.docString };
  const usesFloat64 = order.some((n) => [...n.inputs, ...n.outputs].some((t) => t.dtype === 'float64'));
  return { graph: proto, inputs, outputs: outputSigs, nodeCount: nodes.length, usesFloat64 };
}

/** A graph input declaring a symbolic dimension: one already needed if possible. */
function symbolSource(graph: Graph, symbol: string, live: ReadonlySet<number>): { tensor: Tensor; axis: number } {
  const candidates = graph.inputs.flatMap((tensor) => tensor.shape.flatMap((d, axis) => (d === symbol ? [{ tensor, axis }] : [])));
  if (candidates.length === 0) throw new Error(`no graph input declares the dimension ${symbol}`);
  return candidates.find((c) => live.has(c.tensor.id)) ?? candidates[0];
}

/**
 * The nodes the roots depend on, in dependency order (depth-first post-order, so substitutes
 * created after their users still come first), and the leaf tensors (inputs, parameters,
 * constants) reached.
 */
function schedule(roots: readonly Tensor[], resolve: (t: Tensor) => Tensor): { order: Node[]; leaves: Set<number> } {
  const order: Node[] = [];
  const leaves = new Set<number>();
  const seen = new Set<number>();
  const stack: { node: Node; next: number }[] = [];
  const visit = (tensor: Tensor): void => {
    const t = resolve(tensor);
    if (t.source.kind !== 'node') {
      leaves.add(t.id);
      return;
    }
    const node = t.source.node;
    if (seen.has(node.id)) return;
    seen.add(node.id);
    stack.push({ node, next: 0 });
  };
  for (const root of roots) {
    visit(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.node.inputs.length) visit(top.node.inputs[top.next++]);
      else order.push(stack.pop()!.node);
    }
  }
  return { order, leaves };
}

function castTo(data: TensorData, dtype: DType): TensorData {
  if ((dtype === 'float32' && data instanceof Float32Array) || (dtype === 'float64' && data instanceof Float64Array)) return data;
  return toTypedArray(dtype, data as ArrayLike<number | bigint>);
}
