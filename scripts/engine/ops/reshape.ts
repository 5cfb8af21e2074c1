/** Reshape, with squeeze/unsqueeze conveniences built on it. */
import { type Tensor, applyOne } from '../graph.js';
import { defineOp } from '../registry.js';
import { type Dim, type Shape, normalizeAxes, normalizeAxis, sameShape, shapeToString } from '../shape.js';

type ReshapeAttrs = { shape: readonly Dim[] };

/** Static part of the element count and the symbolic names (sorted), for comparing shapes. */
function signature(shape: Shape): { product: number; symbols: string } {
  let product = 1;
  const symbols: string[] = [];
  for (const d of shape) {
    if (typeof d === 'number') product *= d;
    else symbols.push(d);
  }
  return { product, symbols: symbols.sort().join('*') };
}

export const Reshape = defineOp<ReshapeAttrs>({
  type: 'Reshape',
  infer([x], { shape }) {
    const a = signature(x.shape);
    const b = signature(shape);
    if (a.product !== b.product || a.symbols !== b.symbols) {
      throw new Error(`cannot reshape ${shapeToString(x.shape)} to ${shapeToString(shape)}`);
    }
    if (shape.includes(0)) throw new Error('zero-size dimensions are not supported by Reshape');
    return [{ dtype: x.dtype, shape }];
  },
  emit(e, node) {
    const x = node.inputs[0];
    // A symbolic dimension is copied (0) when the input has it at the same position, else
    // inferred (-1); ONNX allows one inferred dimension, which covers every case infer accepts.
    let inferred = 0;
    const target = node.attrs.shape.map((d, i) => {
      if (typeof d === 'number') return d;
      if (x.shape[i] === d) return 0;
      inferred++;
      return -1;
    });
    if (inferred > 1) throw new Error(`Reshape to ${shapeToString(node.attrs.shape)}: cannot express with one -1`);
    e.node('Reshape', [e.name(x), e.constant('int64', [target.length], target)], [e.name(node.outputs[0])]);
  },
  vjp(node, [g], wanted) {
    return [wanted[0] && g ? reshape(g, node.inputs[0].shape) : undefined];
  },
});

/**
 * Reshapes to `shape` (symbolic dimensions allowed when the element count provably matches).
 *
 * @example
 *   reshape(logits, ['N']); // [N, 1] -> [N]
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return x;
  return applyOne(Reshape, [x], { shape: [...shape] });
}

/**
 * Removes size-1 axes (all of them when none are given).
 *
 * @example
 *   squeeze(logits, 1); // [N, 1] -> [N]
 */
export function squeeze(x: Tensor, axes?: number | readonly number[]): Tensor {
  const drop = axes === undefined ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes(typeof axes === 'number' ? [axes] : axes, x.rank);
  for (const a of drop) if (x.shape[a] !== 1) throw new Error(`squeeze: axis ${a} of ${x} is not 1`);
  return reshape(x, x.shape.filter((_, i) => !drop.includes(i)));
}

/**
 * Inserts a size-1 axis at `axis` of the result.
 *
 * @example
 *   unsqueeze(y, 1); // [N] -> [N, 1]
 */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  const at = normalizeAxis(axis, x.rank + 1);
  const shape = [...x.shape];
  shape.splice(at, 0, 1);
  return reshape(x, shape);
}
