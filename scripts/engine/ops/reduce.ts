/**
 * ReduceSum, ReduceMean and ElementCount (the runtime element count a mean divides by when the
 * reduced axes are symbolic). Opset 17 takes ReduceSum's axes as an int64 input but ReduceMean's
 * as an attribute (the input form arrives in opset 18).
 */
import { type DType, isFloat, onnxDataType } from '../dtype.js';
import { type Tensor, applyOne, assertFloat } from '../graph.js';
import { defineOp } from '../registry.js';
import { type Dim, type Shape, normalizeAxes } from '../shape.js';
import { expandAs } from './broadcast.js';
import { div } from './arithmetic.js';
import { reshape } from './reshape.js';

type ReduceAttrs = { axes: readonly number[]; keepdims: boolean };

function reducedShape(shape: Shape, axes: readonly number[], keepdims: boolean): Dim[] {
  const out: Dim[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepdims) out.push(1);
  });
  return out;
}

function inferReduce(x: { dtype: DType; shape: Shape }, attrs: ReduceAttrs) {
  normalizeAxes(attrs.axes, x.shape.length);
  return [{ dtype: x.dtype, shape: reducedShape(x.shape, attrs.axes, attrs.keepdims) }];
}

/** Broadcasts a reduction's output gradient back over the reduced axes. */
function spread(g: Tensor, x: Tensor, attrs: ReduceAttrs): Tensor {
  const kept = attrs.keepdims ? g : reshape(g, reducedShape(x.shape, attrs.axes, true));
  return expandAs(kept, x);
}

export const ReduceSum = defineOp<ReduceAttrs>({
  type: 'ReduceSum',
  infer: ([x], attrs) => inferReduce(x, attrs),
  emit(e, node) {
    const { axes, keepdims } = node.attrs;
    const x = node.inputs[0];
    const all = axes.length === x.rank;
    // Leaving out the axes input reduces over all of them (noop_with_empty_axes defaults to 0).
    const inputs = all ? [e.name(x)] : [e.name(x), e.constant('int64', [axes.length], axes)];
    e.node('ReduceSum', inputs, [e.name(node.outputs[0])], [{ name: 'keepdims', type: 'int', value: keepdims ? 1 : 0 }]);
  },
  vjp(node, [g], wanted) {
    return [wanted[0] && g ? spread(g, node.inputs[0], node.attrs) : undefined];
  },
});

export const ReduceMean = defineOp<ReduceAttrs>({
  type: 'ReduceMean',
  infer([x], attrs) {
    assertFloat(x, 'ReduceMean');
    return inferReduce(x, attrs);
  },
  emit(e, node) {
    const { axes, keepdims } = node.attrs;
    e.node('ReduceMean', [e.name(node.inputs[0])], [e.name(node.outputs[0])], [
      { name: 'axes', type: 'ints', value: axes },
      { name: 'keepdims', type: 'int', value: keepdims ? 1 : 0 },
    ]);
  },
  vjp(node, [g], wanted) {
    if (!wanted[0] || !g) return [undefined];
    const x = node.inputs[0];
    // Scale the small reduced gradient before spreading it over the big input.
    return [spread(div(g, elementCount(x, node.attrs.axes, g.dtype)), x, node.attrs)];
  },
});

type CountAttrs = { symbols: readonly string[]; factor: number; dtype: DType };

/**
 * factor × the product of symbolic dimensions, as a float scalar; it has no tensor inputs, since
 * the sizes are read from the graph inputs that declare the symbols. Not differentiable.
 */
export const ElementCount = defineOp<CountAttrs>({
  type: 'ElementCount',
  infer(_inputs, attrs) {
    if (!isFloat(attrs.dtype)) throw new Error('ElementCount yields a float type');
    if (attrs.symbols.length === 0) throw new Error('ElementCount needs at least one symbolic dimension');
    return [{ dtype: attrs.dtype, shape: [] }];
  },
  emit(e, node) {
    const { symbols, factor, dtype } = node.attrs;
    const dims = symbols.map((s) => e.dim(s));
    let joined = dims[0];
    if (dims.length > 1) {
      joined = e.fresh('dims');
      e.node('Concat', dims, [joined], [{ name: 'axis', type: 'int', value: 0 }]);
    }
    const count = e.fresh('count');
    e.node('ReduceProd', [joined], [count], [{ name: 'keepdims', type: 'int', value: 0 }]);
    const out = e.name(node.outputs[0]);
    const cast = factor === 1 ? out : e.fresh('count_f');
    e.node('Cast', [count], [cast], [{ name: 'to', type: 'int', value: onnxDataType(dtype) }]);
    if (factor !== 1) e.node('Mul', [cast, e.constant(dtype, [], [factor])], [out]);
  },
});

function axesOrAll(x: Tensor, axes?: number | readonly number[]): number[] {
  if (axes === undefined) return x.shape.map((_, i) => i);
  return normalizeAxes(typeof axes === 'number' ? [axes] : axes, x.rank);
}

/**
 * Sum over `axes` (all when omitted).
 *
 * @example
 *   reduceSum(x, 0);            // [N, F] -> [F]
 *   reduceSum(x, [1], true);    // [N, F] -> [N, 1]
 */
export function reduceSum(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  const ax = axesOrAll(x, axes);
  if (ax.length === 0) return x;
  return applyOne(ReduceSum, [x], { axes: ax, keepdims });
}

/**
 * Mean over `axes` (all when omitted).
 *
 * @example
 *   const loss = reduceMean(perEvent); // scalar
 */
export function reduceMean(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  const ax = axesOrAll(x, axes);
  if (ax.length === 0) return x;
  return applyOne(ReduceMean, [x], { axes: ax, keepdims });
}

/**
 * Number of elements along `axes` (all when omitted) as a scalar: a constant when those
 * dimensions are static, a runtime Shape/Size query otherwise.
 *
 * @example
 *   const n = elementCount(x, 0); // batch size as a float scalar
 */
export function elementCount(x: Tensor, axes?: number | readonly number[], dtype: DType = x.graph.dtype): Tensor {
  let factor = 1;
  const symbols: string[] = [];
  for (const a of axesOrAll(x, axes)) {
    const d = x.shape[a];
    if (typeof d === 'number') factor *= d;
    else symbols.push(d);
  }
  if (symbols.length === 0) return x.graph.scalar(factor, dtype);
  return x.graph.apply(ElementCount, [], { symbols, factor, dtype })[0];
}
