/** Softmax along one axis; its gradient is y ⊙ (g − Σ g·y) along that axis. */
import { type Tensor, applyOne, assertFloat } from '../graph.js';
import { defineOp } from '../registry.js';
import { normalizeAxis } from '../shape.js';
import { mul, sub } from './arithmetic.js';
import { reduceSum } from './reduce.js';

type SoftmaxAttrs = { axis: number };

export const Softmax = defineOp<SoftmaxAttrs>({
  type: 'Softmax',
  infer([x], { axis }) {
    assertFloat(x, 'Softmax');
    normalizeAxis(axis, x.shape.length);
    return [{ dtype: x.dtype, shape: x.shape }];
  },
  emit(e, node) {
    // Opset 13+ normalises along the one given axis (older opsets flattened the trailing axes).
    e.node('Softmax', [e.name(node.inputs[0])], [e.name(node.outputs[0])], [{ name: 'axis', type: 'int', value: node.attrs.axis }]);
  },
  vjp(node, [g], wanted) {
    if (!wanted[0] || !g) return [undefined];
    const y = node.outputs[0];
    return [mul(y, sub(g, reduceSum(mul(g, y), node.attrs.axis, true)))];
  },
});

/**
 * exp(x) / Σ exp(x) along `axis` (default the last), computed stably by the runtime.
 *
 * @example
 *   const widths = softmax(unnormalisedWidths); // [N, D, K], each row sums to 1
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  return applyOne(Softmax, [x], { axis: normalizeAxis(axis, x.rank) });
}
