/** Concat along one axis; the gradient slices the output gradient back into the pieces. */
import { type Tensor, applyOne } from '../graph.js';
import { defineOp } from '../registry.js';
import { normalizeAxis, shapeToString } from '../shape.js';
import { slice } from './slice.js';

type ConcatAttrs = { axis: number };

export const Concat = defineOp<ConcatAttrs>({
  type: 'Concat',
  infer(inputs, { axis }) {
    const first = inputs[0];
    let size = 0;
    for (const t of inputs) {
      if (t.dtype !== first.dtype) throw new Error('Concat inputs must share one type');
      const ok = t.shape.length === first.shape.length && t.shape.every((d, i) => i === axis || d === first.shape[i]);
      if (!ok) throw new Error(`shapes ${shapeToString(first.shape)} and ${shapeToString(t.shape)} differ off axis ${axis}`);
      const d = t.shape[axis];
      // Static sizes along the axis keep the output shape and the gradient slices static.
      if (typeof d !== 'number') throw new Error(`concat axis ${axis} must have a static size`);
      size += d;
    }
    const shape = [...first.shape];
    shape[axis] = size;
    return [{ dtype: first.dtype, shape }];
  },
  emit(e, node) {
    e.node('Concat', node.inputs.map((t) => e.name(t)), [e.name(node.outputs[0])], [{ name: 'axis', type: 'int', value: node.attrs.axis }]);
  },
  vjp(node, [g], wanted) {
    if (!g) return [];
    const { axis } = node.attrs;
    let offset = 0;
    return node.inputs.map((t, i) => {
      const size = t.shape[axis] as number;
      const start = offset;
      offset += size;
      return wanted[i] ? slice(g, [start], [start + size], [axis]) : undefined;
    });
  },
});

/**
 * Joins tensors along `axis`.
 *
 * @example
 *   concat([x, y], 1); // [N, 2] + [N, 3] -> [N, 5]
 */
export function concat(tensors: readonly Tensor[], axis: number): Tensor {
  if (tensors.length === 0) throw new Error('concat needs at least one tensor');
  if (tensors.length === 1) return tensors[0];
  return applyOne(Concat, tensors, { axis: normalizeAxis(axis, tensors[0].rank) });
}
