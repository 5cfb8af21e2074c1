/**
 * Broadcasting helpers. `expand` materialises a broadcast to a (possibly symbolic) shape; `sumTo`
 * undoes one by summing a gradient back to an input's shape.
 */
import { type Tensor, applyOne } from '../graph.js';
import { defineOp } from '../registry.js';
import { type Dim, type Shape, broadcastShapes, sameShape, shapeToString } from '../shape.js';
import { reduceSum } from './reduce.js';
import { reshape } from './reshape.js';

type ExpandAttrs = { shape: readonly Dim[] };

export const Expand = defineOp<ExpandAttrs>({
  type: 'Expand',
  infer([a], { shape }) {
    return [{ dtype: a.dtype, shape: broadcastShapes(a.shape, shape) }];
  },
  emit(e, node) {
    // The target shape comes from the inputs that declare its symbols, not from another tensor.
    e.node('Expand', [e.name(node.inputs[0]), e.shape(node.attrs.shape)], [e.name(node.outputs[0])]);
  },
  vjp(node, [g], wanted) {
    return [wanted[0] && g ? sumTo(g, node.inputs[0].shape) : undefined];
  },
});

/**
 * Broadcasts `a` to `shape` (NumPy rules; the result has the broadcast of both shapes).
 *
 * @example
 *   expand(g.scalar(1), ['N', 3]); // ones [N, 3]
 */
export function expand(a: Tensor, shape: Shape): Tensor {
  const out = broadcastShapes(a.shape, shape);
  if (sameShape(out, a.shape)) return a;
  return applyOne(Expand, [a], { shape: [...out] });
}

/**
 * Broadcasts `a` against `like`'s shape (only the shape of `like` is used).
 *
 * @example
 *   const ones = expandAs(g.scalar(1), x); // ones shaped like x
 */
export function expandAs(a: Tensor, like: Tensor): Tensor {
  return expand(a, like.shape);
}

/**
 * Sums `g` over the axes along which a tensor of shape `target` was broadcast, so the result has
 * exactly the shape `target`. This is how every broadcasting op reduces its input gradients.
 *
 * @example
 *   sumTo(gradOfSum, bias.shape); // [N, H] -> [H]: ReduceSum over axis 0
 */
export function sumTo(g: Tensor, target: Shape): Tensor {
  if (sameShape(g.shape, target)) return g;
  const lead = g.rank - target.length;
  if (lead < 0) throw new Error(`cannot sum ${shapeToString(g.shape)} to ${shapeToString(target)}`);
  const leadAxes = Array.from({ length: lead }, (_, i) => i);
  const onesAxes: number[] = [];
  target.forEach((d, i) => {
    const gd = g.shape[lead + i];
    if (d === gd) return;
    if (d !== 1) throw new Error(`cannot sum ${shapeToString(g.shape)} to ${shapeToString(target)}`);
    onesAxes.push(lead + i);
  });
  if (onesAxes.length === 0) return reduceSum(g, leadAxes, false);
  if (leadAxes.length === 0) return reduceSum(g, onesAxes, true);
  return reshape(reduceSum(g, [...leadAxes, ...onesAxes], true), target);
}
