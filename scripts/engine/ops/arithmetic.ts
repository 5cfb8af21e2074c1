/** Add, Sub, Mul, Div (broadcasting) and Neg, with scalar-constant folding in the builders. */
import { type OpDef, type Tensor, applyOne } from '../graph.js';
import { sumTo } from './broadcast.js';
import { type Operand, liftPair } from './operand.js';
import { binaryOp, unaryOp } from './templates.js';

/** Integer arithmetic is allowed (e.g. the step counter); gradients flow through floats only. */
const numeric = ['float32', 'float64', 'int64'] as const;

export const Add = binaryOp({
  type: 'Add',
  accepts: numeric,
  vjp: (a, b, _y, g, wanted) => [wanted[0] ? sumTo(g, a.shape) : undefined, wanted[1] ? sumTo(g, b.shape) : undefined],
});

export const Sub = binaryOp({
  type: 'Sub',
  accepts: numeric,
  vjp: (a, b, _y, g, wanted) => [wanted[0] ? sumTo(g, a.shape) : undefined, wanted[1] ? sumTo(neg(g), b.shape) : undefined],
});

export const Mul = binaryOp({
  type: 'Mul',
  accepts: numeric,
  vjp: (a, b, _y, g, wanted) => [wanted[0] ? sumTo(mul(g, b), a.shape) : undefined, wanted[1] ? sumTo(mul(g, a), b.shape) : undefined],
});

export const Div = binaryOp({
  type: 'Div',
  accepts: numeric,
  vjp: (a, b, y, g, wanted) => [
    wanted[0] ? sumTo(div(g, b), a.shape) : undefined,
    // d(a/b)/db = -a/b² = -y/b
    wanted[1] ? sumTo(neg(div(mul(g, y), b)), b.shape) : undefined,
  ],
});

export const Neg = unaryOp({ type: 'Neg', vjp: (_x, _y, g) => neg(g) });

type Fold = (x: number, y: number) => number;

/**
 * Shared builder logic: fold two rank-0 constants in JS, drop an identity element when the other
 * operand already has the result's shape, else add the node.
 */
function build(op: OpDef, fold: Fold, a: Operand, b: Operand, identityRight?: number, identityLeft?: number): Tensor {
  const [ta, tb] = liftPair(a, b);
  const va = ta.rank === 0 ? ta.scalarValue : undefined;
  const vb = tb.rank === 0 ? tb.scalarValue : undefined;
  if (va !== undefined && vb !== undefined && ta.dtype === tb.dtype) return ta.graph.scalar(fold(va, vb), ta.dtype);
  if (vb !== undefined && vb === identityRight && tb.dtype === ta.dtype) return ta;
  if (va !== undefined && va === identityLeft && ta.dtype === tb.dtype) return tb;
  return applyOne(op, [ta, tb], {});
}

/**
 * Elementwise a + b with broadcasting. Numbers become scalar constants.
 *
 * @example
 *   add(x, 1);
 */
export function add(a: Operand, b: Operand): Tensor {
  return build(Add, (x, y) => x + y, a, b, 0, 0);
}

/** Elementwise a - b with broadcasting. */
export function sub(a: Operand, b: Operand): Tensor {
  return build(Sub, (x, y) => x - y, a, b, 0);
}

/** Elementwise a * b with broadcasting. */
export function mul(a: Operand, b: Operand): Tensor {
  return build(Mul, (x, y) => x * y, a, b, 1, 1);
}

/** Elementwise a / b with broadcasting. */
export function div(a: Operand, b: Operand): Tensor {
  return build(Div, (x, y) => x / y, a, b, 1);
}

/** Elementwise -x (a double negation cancels). */
export function neg(x: Tensor): Tensor {
  const src = x.source;
  if (src.kind === 'node' && src.node.op === Neg) return src.node.inputs[0];
  if (x.rank === 0 && x.scalarValue !== undefined) return x.graph.scalar(-x.scalarValue, x.dtype);
  return applyOne(Neg, [x], {});
}
