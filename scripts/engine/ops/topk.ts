/**
 * TopK along one axis: the k largest (or smallest) values in order, with their int64 positions.
 * With k equal to the axis length it is a sort, which is what one-dimensional optimal transport
 * needs (the sliced-Wasserstein distance pairs the i-th smallest projections of two samples).
 *
 * Gradient: the values output is a gather of the input at the returned positions, so its adjoint
 * scatters the output gradient back to those positions (ties are measure-zero for continuous
 * inputs; at a tie the gradient goes to the element TopK happened to pick). The positions are
 * integers and carry no gradient.
 */
import { type Tensor, assertFloat } from '../graph.js';
import { defineOp } from '../registry.js';
import { normalizeAxis } from '../shape.js';
import { expandAs } from './broadcast.js';
import { scatterAdd } from './gather.js';

type TopKAttrs = { k: number | null; axis: number; largest: boolean };

export const TopK = defineOp<TopKAttrs>({
  type: 'TopK',
  infer([x], { k, axis }) {
    assertFloat(x, 'TopK');
    const a = normalizeAxis(axis, x.shape.length);
    const d = x.shape[a];
    if (k !== null) {
      if (!(Number.isInteger(k) && k >= 1)) throw new Error(`k must be a positive integer, got ${k}`);
      if (typeof d === 'number' && k > d) throw new Error(`k = ${k} exceeds axis ${a} of size ${d}`);
    }
    const shape = [...x.shape];
    // k = null keeps the whole axis (a full sort), symbolic sizes included.
    if (k !== null) shape[a] = k;
    return [
      { dtype: x.dtype, shape },
      { dtype: 'int64', shape },
    ];
  },
  emit(e, node) {
    const x = node.inputs[0];
    const { k, axis, largest } = node.attrs;
    const d = x.shape[axis];
    const kName = k !== null ? e.constant('int64', [1], [k]) : typeof d === 'number' ? e.constant('int64', [1], [d]) : e.dim(d);
    e.node('TopK', [e.name(x), kName], [e.name(node.outputs[0]), e.name(node.outputs[1])], [
      { name: 'axis', type: 'int', value: axis },
      { name: 'largest', type: 'int', value: largest ? 1 : 0 },
      { name: 'sorted', type: 'int', value: 1 },
    ]);
  },
  vjp(node, [g], wanted) {
    if (!wanted[0] || !g) return [undefined];
    const x = node.inputs[0];
    const zeros = expandAs(x.graph.scalar(0, x.dtype), x);
    return [scatterAdd(zeros, node.outputs[1], g, node.attrs.axis)];
  },
});

export interface TopKOptions {
  /** Smallest first instead of largest first (default false: largest first, as in ONNX). */
  smallest?: boolean;
}

/**
 * The k largest (or smallest) entries along `axis`, sorted, and their int64 positions.
 *
 * @example
 *   const { values, indices } = topK(scores, 10, -1);            // 10 largest per row
 *   const { values: low } = topK(x, 3, 0, { smallest: true });  // 3 smallest per column
 */
export function topK(x: Tensor, k: number, axis: number, options: TopKOptions = {}): { values: Tensor; indices: Tensor } {
  const [values, indices] = x.graph.apply(TopK, [x], { k, axis: normalizeAxis(axis, x.rank), largest: !options.smallest });
  return { values, indices };
}

/**
 * Sorts along `axis` (ascending by default); works on symbolic axes such as a batch dimension.
 *
 * @example
 *   const sorted = sort(projections, 0); // [N, P]: each column in increasing order
 */
export function sort(x: Tensor, axis: number, options: { descending?: boolean } = {}): Tensor {
  const [values] = x.graph.apply(TopK, [x], { k: null, axis: normalizeAxis(axis, x.rank), largest: options.descending ?? false });
  return values;
}
