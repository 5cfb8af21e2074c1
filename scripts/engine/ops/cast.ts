/** Cast between element types and Identity. Casts to int64/bool stop gradients. */
import { type DType, isFloat, onnxDataType } from '../dtype.js';
import { type Tensor, applyOne } from '../graph.js';
import { defineOp } from '../registry.js';

type CastAttrs = { to: DType };

export const Cast = defineOp<CastAttrs>({
  type: 'Cast',
  infer: ([x], { to }) => [{ dtype: to, shape: x.shape }],
  emit(e, node) {
    e.node('Cast', [e.name(node.inputs[0])], [e.name(node.outputs[0])], [{ name: 'to', type: 'int', value: onnxDataType(node.attrs.to) }]);
  },
  vjp(node, [g], wanted) {
    const x = node.inputs[0];
    // Only float-to-float casts carry a gradient; autodiff never asks otherwise.
    return [wanted[0] && g && isFloat(x.dtype) ? cast(g, x.dtype) : undefined];
  },
});

export const Identity = defineOp({
  type: 'Identity',
  infer: ([x]) => [{ dtype: x.dtype, shape: x.shape }],
  emit: (e, node) => e.node('Identity', [e.name(node.inputs[0])], [e.name(node.outputs[0])]),
  vjp: (_node, [g], wanted) => [wanted[0] ? g : undefined],
});

/**
 * Converts to another element type (a no-op when it already has it).
 *
 * @example
 *   cast(mask, 'float32');
 */
export function cast(x: Tensor, to: DType): Tensor {
  if (x.dtype === to) return x;
  return applyOne(Cast, [x], { to });
}

/** A copy of x under a new node (rarely needed; emission already handles outputs aliasing inputs). */
export function identity(x: Tensor): Tensor {
  return applyOne(Identity, [x], {});
}
