/**
 * MatMul (rank >= 2, batch dimensions broadcast) and Gemm (rank 2, optional transposes and bias).
 * Rank-2 gradients are emitted as Gemm with transpose flags, so no Transpose nodes are needed.
 */
import { type Tensor, applyOne, assertFloat } from '../graph.js';
import { defineOp } from '../registry.js';
import { broadcastShapes, shapeToString } from '../shape.js';
import { mul } from './arithmetic.js';
import { sumTo } from './broadcast.js';
import { transposeLast2 } from './transpose.js';

export const MatMul = defineOp({
  type: 'MatMul',
  infer([a, b]) {
    assertFloat(a, 'MatMul');
    if (a.dtype !== b.dtype) throw new Error(`operand types differ: ${a.dtype} vs ${b.dtype}`);
    if (a.shape.length < 2 || b.shape.length < 2) throw new Error('MatMul needs rank >= 2 operands');
    const [m, k] = a.shape.slice(-2);
    const [k2, n] = b.shape.slice(-2);
    if (k !== k2) throw new Error(`inner dimensions differ: ${shapeToString(a.shape)} x ${shapeToString(b.shape)}`);
    const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
    return [{ dtype: a.dtype, shape: [...batch, m, n] }];
  },
  emit: (e, node) => e.node('MatMul', node.inputs.map((t) => e.name(t)), [e.name(node.outputs[0])]),
  vjp(node, [g], wanted) {
    const [a, b] = node.inputs;
    if (!g) return [];
    if (a.rank === 2 && b.rank === 2) {
      return [wanted[0] ? gemm(g, b, { transB: true }) : undefined, wanted[1] ? gemm(a, g, { transA: true }) : undefined];
    }
    return [
      wanted[0] ? sumTo(matmul(g, transposeLast2(b)), a.shape) : undefined,
      wanted[1] ? sumTo(matmul(transposeLast2(a), g), b.shape) : undefined,
    ];
  },
});

type GemmAttrs = { alpha: number; beta: number; transA: boolean; transB: boolean };

export const Gemm = defineOp<GemmAttrs>({
  type: 'Gemm',
  infer([a, b, c], { transA, transB }) {
    assertFloat(a, 'Gemm');
    if (a.shape.length !== 2 || b.shape.length !== 2) throw new Error('Gemm needs rank-2 operands');
    if (a.dtype !== b.dtype || (c && c.dtype !== a.dtype)) throw new Error('Gemm operand types differ');
    const [m, k] = transA ? [a.shape[1], a.shape[0]] : a.shape;
    const [k2, n] = transB ? [b.shape[1], b.shape[0]] : b.shape;
    if (k !== k2) throw new Error(`inner dimensions differ: ${shapeToString(a.shape)} x ${shapeToString(b.shape)}`);
    if (c) {
      const out = broadcastShapes(c.shape, [m, n]);
      if (out[0] !== m || out[1] !== n) throw new Error(`bias ${shapeToString(c.shape)} does not broadcast to [${m}, ${n}]`);
    }
    return [{ dtype: a.dtype, shape: [m, n] }];
  },
  emit(e, node) {
    const { alpha, beta, transA, transB } = node.attrs;
    const attributes = [];
    if (alpha !== 1) attributes.push({ name: 'alpha', type: 'float' as const, value: alpha });
    if (beta !== 1) attributes.push({ name: 'beta', type: 'float' as const, value: beta });
    if (transA) attributes.push({ name: 'transA', type: 'int' as const, value: 1 });
    if (transB) attributes.push({ name: 'transB', type: 'int' as const, value: 1 });
    e.node('Gemm', node.inputs.map((t) => e.name(t)), [e.name(node.outputs[0])], attributes);
  },
  vjp(node, [g], wanted) {
    const [a, b, c] = node.inputs;
    const { alpha, beta, transA, transB } = node.attrs;
    if (!g) return [];
    // Y = alpha·op(A)·op(B) + beta·C, with op() the optional transpose.
    const da = !wanted[0]
      ? undefined
      : transA
        ? gemm(b, g, { transA: transB, transB: true, alpha }) // A = (alpha·op(B)·gᵀ) laid out as [K, M]
        : gemm(g, b, { transB: !transB, alpha });
    const db = !wanted[1]
      ? undefined
      : transB
        ? gemm(g, a, { transA: true, transB: transA, alpha })
        : gemm(a, g, { transA: !transA, alpha });
    const dc = c && wanted[2] ? sumTo(mul(g, beta), c.shape) : undefined;
    return [da, db, dc];
  },
});

/**
 * Matrix product of the last two axes, batch axes broadcast.
 *
 * @example
 *   matmul(x, w); // [N, F] x [F, H] -> [N, H]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  return applyOne(MatMul, [a, b], {});
}

export interface GemmOptions {
  bias?: Tensor;
  alpha?: number;
  beta?: number;
  transA?: boolean;
  transB?: boolean;
}

/**
 * alpha·op(A)·op(B) + beta·bias for rank-2 operands (one fused kernel in onnxruntime).
 *
 * @example
 *   gemm(x, w, { bias: b });             // x·w + b
 *   gemm(g, w, { transB: true });        // g·wᵀ
 */
export function gemm(a: Tensor, b: Tensor, options: GemmOptions = {}): Tensor {
  // Attribute floats are stored as float32 in ONNX; round here so gradients use the same value.
  const attrs: GemmAttrs = {
    alpha: Math.fround(options.alpha ?? 1),
    beta: Math.fround(options.beta ?? 1),
    transA: options.transA ?? false,
    transB: options.transB ?? false,
  };
  return applyOne(Gemm, options.bias ? [a, b, options.bias] : [a, b], attrs);
}
