/**
 * The symbolic tensor graph: typed tensors with static (possibly symbolic) shapes, produced by
 * inputs, parameters, constants and op nodes. Nodes are kept in creation order, which is always a
 * topological order, so the backward pass can simply be appended to the same graph.
 *
 * @example
 *   const g = new Graph();
 *   const x = g.input('x', ['N', 3]);
 *   const w = g.param('w', [3, 1], { init: { kind: 'glorot_uniform' } });
 *   const y = matmul(x, w); // ops from ./ops
 */
import type { AttributeInit } from './onnx/proto.js';
import { type DType, type FloatDType, type TensorData, isFloat, toTypedArray } from './dtype.js';
import { type Dim, type Shape, numel, shapeToString } from './shape.js';

/** Attribute values an op node may carry (static, hashable). */
export type AttrValue = number | string | boolean | null | readonly number[] | readonly (number | string)[];
export type Attrs = Readonly<Record<string, AttrValue>>;

export interface TensorType {
  readonly dtype: DType;
  readonly shape: Shape;
}

/** How a parameter gets its initial value (see init.ts). Fan sizes default to the shape's. */
export type Initializer =
  | { kind: 'zeros' }
  | { kind: 'constant'; value: number }
  | { kind: 'normal'; std: number }
  | { kind: 'uniform'; limit: number }
  | { kind: 'glorot_uniform' | 'glorot_normal' | 'he_uniform' | 'he_normal'; fanIn?: number; fanOut?: number };

export type TensorSource =
  | { readonly kind: 'input' }
  | { readonly kind: 'param'; readonly init: Initializer }
  | { readonly kind: 'const'; readonly data: TensorData }
  | { readonly kind: 'node'; readonly node: Node; readonly index: number };

export class Tensor implements TensorType {
  constructor(
    readonly graph: Graph,
    readonly id: number,
    readonly dtype: DType,
    readonly shape: Shape,
    readonly source: TensorSource,
    /** User-facing name for inputs and parameters; generated names are assigned at emission. */
    readonly name?: string,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  /** The single value of a one-element constant, else undefined (used for peephole folding). */
  get scalarValue(): number | undefined {
    if (this.source.kind !== 'const' || this.source.data.length !== 1) return undefined;
    return Number(this.source.data[0]);
  }

  toString(): string {
    return `${this.name ?? `t${this.id}`}:${this.dtype}${shapeToString(this.shape)}`;
  }
}

export interface Node<A extends Attrs = Attrs> {
  readonly id: number;
  readonly op: OpDef<A>;
  readonly inputs: readonly Tensor[];
  readonly attrs: A;
  readonly outputs: readonly Tensor[];
}

/** What an op's `emit` may do: read value names and append ONNX nodes and constants. */
export interface Emitter {
  /** ONNX value name of a tensor. */
  name(t: Tensor): string;
  /** A fresh intermediate value name. */
  fresh(hint: string): string;
  /** Appends an ONNX node (default domain). */
  node(opType: string, inputs: readonly string[], outputs: readonly string[], attributes?: AttributeInit[]): void;
  /** A constant initializer (de-duplicated by content); returns its value name. */
  constant(dtype: DType, shape: readonly number[], values: ArrayLike<number | bigint>): string;
  /**
   * An int64 [1] value holding the runtime size of a symbolic dimension, read from a graph input
   * that declares it (so shape queries never keep otherwise unneeded values alive).
   */
  dim(symbol: string): string;
  /** An int64 [rank] value holding a shape: a constant when static, else assembled from dim(). */
  shape(dims: Shape): string;
}

/**
 * An operator: shape/dtype inference, ONNX emission and its vector-Jacobian product written in
 * terms of other graph ops. An op without `vjp` is not differentiable (its inputs get no
 * gradient through it), which is right for comparisons, casts to integers and shape queries.
 */
export interface OpDef<A extends Attrs = Attrs> {
  readonly type: string;
  infer(inputs: readonly TensorType[], attrs: A): TensorType[];
  emit(e: Emitter, node: Node<A>): void;
  /**
   * Given the gradients of the outputs (undefined where an output gets none), returns the
   * gradient of each input whose `wanted` flag is set, shaped exactly like that input.
   */
  vjp?(node: Node<A>, outputGrads: readonly (Tensor | undefined)[], wanted: readonly boolean[]): (Tensor | undefined)[];
}

export interface GraphOptions {
  /** Float type for parameters and inputs unless given per tensor (default float32). */
  dtype?: FloatDType;
}

export interface ParamOptions {
  dtype?: FloatDType;
  init?: Initializer;
}

/**
 * A graph under construction. Identical nodes (same op, inputs and attributes) are created once,
 * so helpers may freely rebuild subexpressions (e.g. the forward activation a gradient reuses).
 */
export class Graph {
  readonly dtype: FloatDType;
  readonly nodes: Node[] = [];
  readonly inputs: Tensor[] = [];
  readonly params: Tensor[] = [];
  /** Named outputs registered with `output`; emission uses them unless told otherwise. */
  readonly outputs = new Map<string, Tensor>();
  private nextId = 0;
  private readonly names = new Map<string, Tensor>();
  private readonly memo = new Map<string, readonly Tensor[]>();
  private readonly scalars = new Map<string, Tensor>();

  constructor(options: GraphOptions = {}) {
    this.dtype = options.dtype ?? 'float32';
  }

  /** A runtime input (a batch of features, labels, weights, ...). */
  input(name: string, shape: Shape, dtype: DType = this.dtype): Tensor {
    const t = new Tensor(this, this.nextId++, dtype, checkShape(shape), { kind: 'input' }, this.claim(name));
    this.inputs.push(t);
    this.names.set(name, t);
    return t;
  }

  /** A trainable parameter: a graph input in training graphs, an initializer in exported ones. */
  param(name: string, shape: readonly number[], options: ParamOptions = {}): Tensor {
    const dtype = options.dtype ?? this.dtype;
    checkShape(shape);
    if (numel(shape) === undefined) throw new Error(`parameter ${name} needs a static shape`);
    const init = options.init ?? { kind: 'zeros' };
    const t = new Tensor(this, this.nextId++, dtype, shape, { kind: 'param', init }, this.claim(name));
    this.params.push(t);
    this.names.set(name, t);
    return t;
  }

  /** A constant tensor (row-major values). */
  constant(values: ArrayLike<number | bigint>, shape: readonly number[], dtype: DType = this.dtype): Tensor {
    checkShape(shape);
    if (numel(shape) !== values.length) {
      throw new Error(`constant of shape ${shapeToString(shape)} needs ${numel(shape)} values, got ${values.length}`);
    }
    const data = toTypedArray(dtype, values);
    return new Tensor(this, this.nextId++, dtype, shape, { kind: 'const', data });
  }

  /** A rank-0 constant; the same value and type give the same tensor. */
  scalar(value: number, dtype: DType = this.dtype): Tensor {
    const key = `${dtype}:${Object.is(value, -0) ? '-0' : value}`;
    let t = this.scalars.get(key);
    if (!t) {
      t = this.constant([value], [], dtype);
      this.scalars.set(key, t);
    }
    return t;
  }

  /** Registers a named output. */
  output(name: string, t: Tensor): Tensor {
    this.own(t);
    this.outputs.set(name, t);
    return t;
  }

  /** Looks up an input or parameter by name. */
  tensor(name: string): Tensor | undefined {
    return this.names.get(name);
  }

  /** Adds a node (or returns the outputs of an identical existing one). */
  apply<A extends Attrs>(op: OpDef<A>, inputs: readonly Tensor[], attrs: A): Tensor[] {
    for (const t of inputs) this.own(t);
    const key = `${op.type}(${inputs.map((t) => t.id).join(',')})${JSON.stringify(attrs)}`;
    const existing = this.memo.get(key);
    if (existing) return [...existing];
    let types: TensorType[];
    try {
      types = op.infer(inputs, attrs);
    } catch (err) {
      const args = inputs.map(String).join(', ');
      throw new Error(`${op.type}(${args}): ${(err as Error).message}`);
    }
    const outputs: Tensor[] = [];
    const node: Node<A> = { id: this.nodes.length, op, inputs, attrs, outputs };
    types.forEach((type, index) => {
      outputs.push(new Tensor(this, this.nextId++, type.dtype, checkShape(type.shape), { kind: 'node', node: node as unknown as Node, index }));
    });
    this.nodes.push(node as unknown as Node);
    this.memo.set(key, outputs);
    return [...outputs];
  }

  private own(t: Tensor): void {
    if (t.graph !== this) throw new Error(`tensor ${t} belongs to another graph`);
  }

  private claim(name: string): string {
    if (!name) throw new Error('inputs and parameters need a name');
    if (this.names.has(name)) throw new Error(`name ${name} is already used in this graph`);
    return name;
  }
}

function checkShape<S extends Shape>(shape: S): S {
  for (const d of shape) {
    if (typeof d === 'number' ? !(Number.isInteger(d) && d >= 0) : d.length === 0) {
      throw new Error(`invalid dimension ${JSON.stringify(d)} in shape ${shapeToString(shape)}`);
    }
  }
  return shape;
}

/** The single output of a one-output op. */
export function applyOne<A extends Attrs>(op: OpDef<A>, inputs: readonly Tensor[], attrs: A): Tensor {
  const graph = inputs[0]?.graph;
  if (!graph) throw new Error(`${op.type} needs at least one tensor input`);
  return graph.apply(op, inputs, attrs)[0];
}

export function assertFloat(t: TensorType, what: string): void {
  if (!isFloat(t.dtype)) throw new Error(`${what} needs a float tensor, got ${t.dtype}`);
}

export type { Dim, Shape };
