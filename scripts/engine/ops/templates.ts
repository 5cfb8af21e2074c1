/** Factories for the two most common op shapes: elementwise unary and broadcasting binary. */
import { type Attrs, type Emitter, type Node, type OpDef, type Tensor, type TensorType, assertFloat } from '../graph.js';
import { defineOp } from '../registry.js';
import { broadcastShapes } from '../shape.js';

export interface UnarySpec<A extends Attrs> {
  type: string;
  /** Defaults to one ONNX node of the same name without attributes. */
  emit?: (e: Emitter, node: Node<A>, x: string, y: string) => void;
  /** Gradient of the input given x, y = op(x) and the output gradient g. */
  vjp?: (x: Tensor, y: Tensor, g: Tensor, attrs: A) => Tensor;
}

/** A float-in, float-out elementwise op with the input's shape. */
export function unaryOp<A extends Attrs = Record<string, never>>(spec: UnarySpec<A>): OpDef<A> {
  const grad = spec.vjp;
  return defineOp<A>({
    type: spec.type,
    infer([x]) {
      assertFloat(x, spec.type);
      return [{ dtype: x.dtype, shape: x.shape }];
    },
    emit(e, node) {
      const x = e.name(node.inputs[0]);
      const y = e.name(node.outputs[0]);
      if (spec.emit) spec.emit(e, node, x, y);
      else e.node(spec.type, [x], [y]);
    },
    vjp: grad && ((node, [g]) => [g && grad(node.inputs[0], node.outputs[0], g, node.attrs)]),
  });
}

export interface BinarySpec {
  type: string;
  /** Output type; defaults to the inputs' type (comparisons return bool). */
  outputDtype?: TensorType['dtype'];
  /** Allowed input types; defaults to floats. */
  accepts?: readonly TensorType['dtype'][];
  /** Gradients of both inputs (already reduced to their shapes), given the output gradient g. */
  vjp?: (a: Tensor, b: Tensor, y: Tensor, g: Tensor, wanted: readonly boolean[]) => (Tensor | undefined)[];
}

/** An elementwise binary op with NumPy broadcasting; both inputs share one type. */
export function binaryOp(spec: BinarySpec): OpDef {
  const accepts = spec.accepts ?? ['float32', 'float64'];
  const grad = spec.vjp;
  return defineOp({
    type: spec.type,
    infer([a, b]) {
      if (a.dtype !== b.dtype) throw new Error(`operand types differ: ${a.dtype} vs ${b.dtype}`);
      if (!accepts.includes(a.dtype)) throw new Error(`type ${a.dtype} not supported`);
      return [{ dtype: spec.outputDtype ?? a.dtype, shape: broadcastShapes(a.shape, b.shape) }];
    },
    emit(e, node) {
      e.node(spec.type, node.inputs.map((t) => e.name(t)), [e.name(node.outputs[0])]);
    },
    vjp: grad && ((node, [g], wanted) => (g ? grad(node.inputs[0], node.inputs[1], node.outputs[0], g, wanted) : [])),
  });
}
