/** Elementwise Exp, Log, Sqrt, Abs and (non-differentiable) Sign. */
import { type Tensor, applyOne } from '../graph.js';
import { defineOp } from '../registry.js';
import { div, mul } from './arithmetic.js';
import { unaryOp } from './templates.js';

export const Exp = unaryOp({ type: 'Exp', vjp: (_x, y, g) => mul(g, y) });
export const Log = unaryOp({ type: 'Log', vjp: (x, _y, g) => div(g, x) });
export const Sqrt = unaryOp({ type: 'Sqrt', vjp: (_x, y, g) => div(mul(g, 0.5), y) });
export const Abs = unaryOp({ type: 'Abs', vjp: (x, _y, g) => mul(g, sign(x)) });

/** Sign is piecewise constant: its gradient is zero almost everywhere, so it has no vjp. */
export const Sign = defineOp({
  type: 'Sign',
  infer: ([x]) => [{ dtype: x.dtype, shape: x.shape }],
  emit: (e, node) => e.node('Sign', [e.name(node.inputs[0])], [e.name(node.outputs[0])]),
});

/** Elementwise e^x. */
export function exp(x: Tensor): Tensor {
  return applyOne(Exp, [x], {});
}

/** Elementwise natural logarithm. */
export function log(x: Tensor): Tensor {
  return applyOne(Log, [x], {});
}

/** Elementwise square root. */
export function sqrt(x: Tensor): Tensor {
  return applyOne(Sqrt, [x], {});
}

/** Elementwise |x| (gradient sign(x), zero at 0). */
export function abs(x: Tensor): Tensor {
  return applyOne(Abs, [x], {});
}

/** Elementwise sign: -1, 0 or 1. */
export function sign(x: Tensor): Tensor {
  return applyOne(Sign, [x], {});
}
