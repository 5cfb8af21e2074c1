/**
 * Split along one axis into consecutive pieces of static sizes. Its gradient is one Concat of the
 * pieces' gradients (zeros where a piece gets none), where slicing each piece separately would
 * pad every piece's gradient back to the full size and add them up.
 */
import { type Tensor } from '../graph.js';
import { defineOp } from '../registry.js';
import { normalizeAxis, shapeToString } from '../shape.js';
import { expand } from './broadcast.js';
import { concat } from './concat.js';

type SplitAttrs = { axis: number; sizes: readonly number[] };

export const Split = defineOp<SplitAttrs>({
  type: 'Split',
  infer([x], { axis, sizes }) {
    const d = x.shape[normalizeAxis(axis, x.shape.length)];
    const total = sizes.reduce((a, b) => a + b, 0);
    if (typeof d !== 'number' || d !== total || sizes.some((s) => !(Number.isInteger(s) && s > 0))) {
      throw new Error(`cannot split axis ${axis} of ${shapeToString(x.shape)} into [${sizes.join(', ')}]`);
    }
    return sizes.map((s) => ({ dtype: x.dtype, shape: x.shape.map((dim, i) => (i === axis ? s : dim)) }));
  },
  emit(e, node) {
    const { axis, sizes } = node.attrs;
    // Opset 13+ takes the sizes as an int64 input.
    e.node('Split', [e.name(node.inputs[0]), e.constant('int64', [sizes.length], sizes)], node.outputs.map((t) => e.name(t)), [
      { name: 'axis', type: 'int', value: axis },
    ]);
  },
  vjp(node, grads, wanted) {
    if (!wanted[0] || grads.every((g) => g === undefined)) return [undefined];
    const parts = node.outputs.map((out, i) => grads[i] ?? expand(out.graph.scalar(0, out.dtype), out.shape));
    return [concat(parts, node.attrs.axis)];
  },
});

/**
 * Consecutive pieces of x along `axis` with the given sizes (which must add up to that axis).
 *
 * @example
 *   const [widths, heights, derivatives] = split(params, [8, 8, 7], -1);
 */
export function split(x: Tensor, sizes: readonly number[], axis: number): Tensor[] {
  const ax = normalizeAxis(axis, x.rank);
  if (sizes.length === 1) return [x];
  return x.graph.apply(Split, [x], { axis: ax, sizes: [...sizes] });
}
