/**
 * Cumulative sum along one axis (inclusive or exclusive, forwards or in reverse). The gradient of
 * a cumulative sum is the cumulative sum of the output gradient in the opposite direction.
 */
import { type Tensor, applyOne, assertFloat } from '../graph.js';
import { defineOp } from '../registry.js';
import { normalizeAxis } from '../shape.js';

type CumSumAttrs = { axis: number; exclusive: boolean; reverse: boolean };

export const CumSum = defineOp<CumSumAttrs>({
  type: 'CumSum',
  infer([x], { axis }) {
    assertFloat(x, 'CumSum');
    const d = x.shape[normalizeAxis(axis, x.shape.length)];
    if (typeof d !== 'number') throw new Error(`CumSum axis ${axis} must have a static size`);
    return [{ dtype: x.dtype, shape: x.shape }];
  },
  emit(e, node) {
    const { axis, exclusive, reverse } = node.attrs;
    e.node('CumSum', [e.name(node.inputs[0]), e.constant('int64', [], [axis])], [e.name(node.outputs[0])], [
      { name: 'exclusive', type: 'int', value: exclusive ? 1 : 0 },
      { name: 'reverse', type: 'int', value: reverse ? 1 : 0 },
    ]);
  },
  vjp(node, [g], wanted) {
    if (!wanted[0] || !g) return [undefined];
    const { axis, exclusive, reverse } = node.attrs;
    return [cumsum(g, axis, { exclusive, reverse: !reverse })];
  },
});

export interface CumSumOptions {
  /** Leave each element out of its own sum: [a, b, c] → [0, a, a + b]. */
  exclusive?: boolean;
  /** Sum from the end: [a, b, c] → [a + b + c, b + c, c]. */
  reverse?: boolean;
}

/**
 * Running sum along `axis`.
 *
 * @example
 *   cumsum(widths, -1);                       // [w0, w0 + w1, ...]
 *   cumsum(widths, -1, { exclusive: true });  // [0, w0, w0 + w1, ...]
 */
export function cumsum(x: Tensor, axis: number, options: CumSumOptions = {}): Tensor {
  return applyOne(CumSum, [x], { axis: normalizeAxis(axis, x.rank), exclusive: options.exclusive ?? false, reverse: options.reverse ?? false });
}
