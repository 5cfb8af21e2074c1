/** Where(cond, a, b): elementwise select with three-way broadcasting. */
import { type Tensor, applyOne } from '../graph.js';
import { defineOp } from '../registry.js';
import { broadcastShapes } from '../shape.js';
import { sumTo } from './broadcast.js';
import { type Operand, lift } from './operand.js';

export const Where = defineOp({
  type: 'Where',
  infer([cond, a, b]) {
    if (cond.dtype !== 'bool') throw new Error(`condition must be bool, got ${cond.dtype}`);
    if (a.dtype !== b.dtype) throw new Error(`branch types differ: ${a.dtype} vs ${b.dtype}`);
    return [{ dtype: a.dtype, shape: broadcastShapes(cond.shape, a.shape, b.shape) }];
  },
  emit: (e, node) => e.node('Where', node.inputs.map((t) => e.name(t)), [e.name(node.outputs[0])]),
  vjp(node, [g], wanted) {
    const [cond, a, b] = node.inputs;
    if (!g) return [];
    return [
      undefined,
      wanted[1] ? sumTo(where(cond, g, 0), a.shape) : undefined,
      wanted[2] ? sumTo(where(cond, 0, g), b.shape) : undefined,
    ];
  },
});

/**
 * Elementwise `cond ? a : b`; numbers become scalar constants of the other branch's type.
 *
 * @example
 *   where(greater(x, 0), x, 0); // relu
 */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  if (typeof a === 'number' && typeof b === 'number') throw new Error('where: one branch must be a tensor');
  const like = (typeof a === 'number' ? b : a) as Tensor;
  return applyOne(Where, [cond, lift(a, like), lift(b, like)], {});
}
