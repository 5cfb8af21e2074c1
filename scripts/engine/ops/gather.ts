/**
 * GatherElements (pick one element per position along an axis, by int64 index) and its adjoint,
 * ScatterElements with additive reduction. Each is the other's gradient with respect to the float
 * values; the indices are integers and carry none, so a bin search that selects spline knots by
 * index passes gradients through the selected values only.
 */
import { type Tensor, applyOne, assertFloat } from '../graph.js';
import { defineOp } from '../registry.js';
import { normalizeAxis, shapeToString, type Shape } from '../shape.js';
import { expandAs } from './broadcast.js';

type AxisAttrs = { axis: number };

/** Indices must have the data's rank and fit inside it off the gathering axis. */
function checkIndexShape(data: Shape, indices: Shape, axis: number): void {
  if (data.length !== indices.length) throw new Error(`indices ${shapeToString(indices)} must have the rank of data ${shapeToString(data)}`);
  data.forEach((d, i) => {
    if (i === axis) return;
    const k = indices[i];
    const fits = k === d || (typeof k === 'number' && typeof d === 'number' && k <= d);
    if (!fits) throw new Error(`indices ${shapeToString(indices)} do not fit data ${shapeToString(data)} off axis ${axis}`);
  });
}

export const GatherElements = defineOp<AxisAttrs>({
  type: 'GatherElements',
  infer([data, indices], { axis }) {
    assertFloat(data, 'GatherElements');
    if (indices.dtype !== 'int64') throw new Error(`indices must be int64, got ${indices.dtype}`);
    checkIndexShape(data.shape, indices.shape, normalizeAxis(axis, data.shape.length));
    return [{ dtype: data.dtype, shape: indices.shape }];
  },
  emit(e, node) {
    e.node('GatherElements', node.inputs.map((t) => e.name(t)), [e.name(node.outputs[0])], [{ name: 'axis', type: 'int', value: node.attrs.axis }]);
  },
  vjp(node, [g], wanted) {
    if (!wanted[0] || !g) return [undefined, undefined];
    const [data, indices] = node.inputs;
    return [scatterAdd(expandAs(data.graph.scalar(0, data.dtype), data), indices, g, node.attrs.axis), undefined];
  },
});

export const ScatterElements = defineOp<AxisAttrs>({
  type: 'ScatterElements',
  infer([data, indices, updates], { axis }) {
    assertFloat(data, 'ScatterElements');
    if (updates.dtype !== data.dtype) throw new Error(`updates must be ${data.dtype}, got ${updates.dtype}`);
    if (indices.dtype !== 'int64') throw new Error(`indices must be int64, got ${indices.dtype}`);
    if (indices.shape.join() !== updates.shape.join()) throw new Error('indices and updates must have one shape');
    checkIndexShape(data.shape, indices.shape, normalizeAxis(axis, data.shape.length));
    return [{ dtype: data.dtype, shape: data.shape }];
  },
  emit(e, node) {
    // Opset 16+: duplicates are summed, which is what an adjoint of a gather needs.
    e.node('ScatterElements', node.inputs.map((t) => e.name(t)), [e.name(node.outputs[0])], [
      { name: 'axis', type: 'int', value: node.attrs.axis },
      { name: 'reduction', type: 'string', value: 'add' },
    ]);
  },
  vjp(node, [g], wanted) {
    if (!g) return [];
    const [, indices] = node.inputs;
    return [wanted[0] ? g : undefined, undefined, wanted[2] ? gatherElements(g, indices, node.attrs.axis) : undefined];
  },
});

/**
 * out[i][j][k] = data[i][j][indices[i][j][k]] for axis 2 (and likewise for any axis); indices
 * are int64 of the data's rank.
 *
 * @example
 *   const knot = gatherElements(cumulativeWidths, binIndex, -1); // [N, D, K+1] by [N, D, 1] -> [N, D, 1]
 */
export function gatherElements(data: Tensor, indices: Tensor, axis: number): Tensor {
  return applyOne(GatherElements, [data, indices], { axis: normalizeAxis(axis, data.rank) });
}

/**
 * data with each `updates` element added at its index along `axis` (repeated indices add up).
 *
 * @example
 *   scatterAdd(zeros, indices, g, -1); // the gradient of gatherElements
 */
export function scatterAdd(data: Tensor, indices: Tensor, updates: Tensor, axis: number): Tensor {
  return applyOne(ScatterElements, [data, indices, updates], { axis: normalizeAxis(axis, data.rank) });
}
