/** Slice (unit step) and zero Pad, each the other's gradient. */
import { type Tensor, applyOne } from '../graph.js';
import { defineOp } from '../registry.js';
import { type Dim, normalizeAxes } from '../shape.js';

type SliceAttrs = { starts: readonly number[]; ends: readonly number[]; axes: readonly number[] };

export const Slice = defineOp<SliceAttrs>({
  type: 'Slice',
  infer([x], { starts, ends, axes }) {
    const shape: Dim[] = [...x.shape];
    axes.forEach((axis, i) => {
      const d = x.shape[axis];
      if (typeof d !== 'number') throw new Error(`sliced axis ${axis} must have a static size`);
      if (!(0 <= starts[i] && starts[i] <= ends[i] && ends[i] <= d)) throw new Error(`bad range [${starts[i]}, ${ends[i]}) on axis ${axis}`);
      shape[axis] = ends[i] - starts[i];
    });
    return [{ dtype: x.dtype, shape }];
  },
  emit(e, node) {
    const { starts, ends, axes } = node.attrs;
    const n = axes.length;
    e.node('Slice', [e.name(node.inputs[0]), e.constant('int64', [n], starts), e.constant('int64', [n], ends), e.constant('int64', [n], axes)], [
      e.name(node.outputs[0]),
    ]);
  },
  vjp(node, [g], wanted) {
    if (!wanted[0] || !g) return [undefined];
    const x = node.inputs[0];
    const pads = new Array<number>(2 * x.rank).fill(0);
    node.attrs.axes.forEach((axis, i) => {
      pads[axis] = node.attrs.starts[i];
      pads[x.rank + axis] = (x.shape[axis] as number) - node.attrs.ends[i];
    });
    return [pad(g, pads)];
  },
});

type PadAttrs = { pads: readonly number[] };

export const Pad = defineOp<PadAttrs>({
  type: 'Pad',
  infer([x], { pads }) {
    const rank = x.shape.length;
    if (pads.length !== 2 * rank || pads.some((p) => !Number.isInteger(p) || p < 0)) {
      throw new Error(`pads must be ${2 * rank} non-negative integers`);
    }
    const shape = x.shape.map((d, i) => {
      const extra = pads[i] + pads[rank + i];
      if (extra === 0) return d;
      if (typeof d !== 'number') throw new Error(`padded axis ${i} must have a static size`);
      return d + extra;
    });
    return [{ dtype: x.dtype, shape }];
  },
  emit(e, node) {
    // Constant mode with the default pad value 0.
    const pads = node.attrs.pads;
    e.node('Pad', [e.name(node.inputs[0]), e.constant('int64', [pads.length], pads)], [e.name(node.outputs[0])]);
  },
  vjp(node, [g], wanted) {
    if (!wanted[0] || !g) return [undefined];
    const x = node.inputs[0];
    const { pads } = node.attrs;
    const axes: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    x.shape.forEach((d, i) => {
      if (pads[i] + pads[x.rank + i] === 0) return;
      axes.push(i);
      starts.push(pads[i]);
      ends.push(pads[i] + (d as number));
    });
    return [slice(g, starts, ends, axes)];
  },
});

/**
 * x[starts:ends] along `axes` (default: the first axes in order). Negative indices count from
 * the end; ranges are clamped like NumPy. Sliced axes need static sizes.
 *
 * @example
 *   slice(x, [0], [2], [1]); // first two features of [N, F]
 */
export function slice(x: Tensor, starts: readonly number[], ends: readonly number[], axes?: readonly number[]): Tensor {
  const ax = axes ? axes.map((a) => (a < 0 ? a + x.rank : a)) : starts.map((_, i) => i);
  if (normalizeAxes(ax, x.rank).length !== ax.length) throw new Error('slice: repeated axis');
  if (starts.length !== ax.length || ends.length !== ax.length) throw new Error('slice: starts, ends and axes differ in length');
  const s: number[] = [];
  const en: number[] = [];
  ax.forEach((axis, i) => {
    const d = x.shape[axis];
    if (typeof d !== 'number') throw new Error(`slice: axis ${axis} of ${x} is symbolic`);
    const clamp = (v: number) => Math.min(d, Math.max(0, v < 0 ? v + d : v));
    s.push(clamp(starts[i]));
    en.push(Math.max(clamp(starts[i]), clamp(ends[i])));
  });
  if (ax.every((axis, i) => s[i] === 0 && en[i] === x.shape[axis])) return x;
  return applyOne(Slice, [x], { starts: s, ends: en, axes: ax });
}

/**
 * Zero padding: `pads` = [begin_0, ..., begin_{r-1}, end_0, ..., end_{r-1}] as in ONNX.
 *
 * @example
 *   pad(x, [0, 1, 0, 2]); // [N, F] -> [N, F + 3]
 */
export function pad(x: Tensor, pads: readonly number[]): Tensor {
  if (pads.every((p) => p === 0)) return x;
  return applyOne(Pad, [x], { pads: [...pads] });
}
