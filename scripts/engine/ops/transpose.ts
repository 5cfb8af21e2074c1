/** Transpose with an explicit permutation. */
import { type Tensor, applyOne } from '../graph.js';
import { defineOp } from '../registry.js';

type TransposeAttrs = { perm: readonly number[] };

export const Transpose = defineOp<TransposeAttrs>({
  type: 'Transpose',
  infer([x], { perm }) {
    const sorted = [...perm].sort((a, b) => a - b);
    if (perm.length !== x.shape.length || sorted.some((p, i) => p !== i)) {
      throw new Error(`perm ${JSON.stringify(perm)} is not a permutation of rank ${x.shape.length}`);
    }
    return [{ dtype: x.dtype, shape: perm.map((p) => x.shape[p]) }];
  },
  emit(e, node) {
    e.node('Transpose', [e.name(node.inputs[0])], [e.name(node.outputs[0])], [{ name: 'perm', type: 'ints', value: node.attrs.perm }]);
  },
  vjp(node, [g], wanted) {
    if (!wanted[0] || !g) return [undefined];
    const inverse: number[] = [];
    node.attrs.perm.forEach((p, i) => (inverse[p] = i));
    return [transpose(g, inverse)];
  },
});

/**
 * Permutes axes; without `perm`, reverses them (a matrix transpose for rank 2).
 *
 * @example
 *   transpose(w);            // [F, H] -> [H, F]
 *   transpose(x, [0, 2, 1]);
 */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const p = perm ?? x.shape.map((_, i) => x.rank - 1 - i);
  if (p.every((v, i) => v === i)) return x;
  return applyOne(Transpose, [x], { perm: [...p] });
}

/** Swaps the last two axes. */
export function transposeLast2(x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i);
  [perm[x.rank - 2], perm[x.rank - 1]] = [perm[x.rank - 1], perm[x.rank - 2]];
  return transpose(x, perm);
}
