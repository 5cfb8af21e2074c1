/** Clip to static bounds (either may be absent). */
import { type Tensor, applyOne, assertFloat } from '../graph.js';
import { defineOp } from '../registry.js';
import { greater, less } from './compare.js';
import { where } from './where.js';

type ClipAttrs = { min: number | null; max: number | null };

export const Clip = defineOp<ClipAttrs>({
  type: 'Clip',
  infer([x], { min, max }) {
    assertFloat(x, 'Clip');
    if (min !== null && max !== null && min > max) throw new Error(`min ${min} > max ${max}`);
    return [{ dtype: x.dtype, shape: x.shape }];
  },
  emit(e, node) {
    const x = node.inputs[0];
    const { min, max } = node.attrs;
    // Opset 11+ takes the bounds as optional inputs; '' marks a missing one.
    const inputs = [e.name(x), min === null ? '' : e.constant(x.dtype, [], [min])];
    if (max !== null) inputs.push(e.constant(x.dtype, [], [max]));
    e.node('Clip', inputs, [e.name(node.outputs[0])]);
  },
  vjp(node, [g], wanted) {
    if (!wanted[0] || !g) return [undefined];
    const x = node.inputs[0];
    const { min, max } = node.attrs;
    // The gradient passes where the input lies within [min, max] (the bounds included).
    let out = g;
    if (min !== null) out = where(less(x, min), 0, out);
    if (max !== null) out = where(greater(x, max), 0, out);
    return [out];
  },
});

/**
 * Clamps x to [min, max]; pass undefined for an open side.
 *
 * @example
 *   clip(p, 1e-7, 1 - 1e-7);
 *   clip(scale, undefined, 1);
 */
export function clip(x: Tensor, min?: number, max?: number): Tensor {
  if (min === undefined && max === undefined) return x;
  return applyOne(Clip, [x], { min: min ?? null, max: max ?? null });
}
