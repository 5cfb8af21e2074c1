/** Relu, LeakyRelu, Sigmoid, Softplus and Tanh. */
import { type Emitter, type Tensor, applyOne } from '../graph.js';
import { mul, sub } from './arithmetic.js';
import { greater } from './compare.js';
import { where } from './where.js';
import { unaryOp } from './templates.js';

export const Relu = unaryOp({
  type: 'Relu',
  vjp: (x, _y, g) => where(greater(x, 0), g, 0),
});

export const LeakyRelu = unaryOp<{ alpha: number }>({
  type: 'LeakyRelu',
  emit: (e, node, x, y) => e.node('LeakyRelu', [x], [y], [{ name: 'alpha', type: 'float', value: node.attrs.alpha }]),
  vjp: (x, _y, g, { alpha }) => where(greater(x, 0), g, mul(g, alpha)),
});

export const Sigmoid = unaryOp({
  type: 'Sigmoid',
  vjp: (_x, y, g) => mul(g, mul(y, sub(1, y))),
});

export const Softplus = unaryOp({
  type: 'Softplus',
  emit(e, node, x, y) {
    if (node.inputs[0].dtype === 'float32') {
      e.node('Softplus', [x], [y]);
      return;
    }
    // onnxruntime has no float64 Softplus kernel: emit the stable form relu(x) + log(1 + e^-|x|).
    emitStableSoftplus(e, node.inputs[0].dtype, x, y);
  },
  vjp: (x, _y, g) => mul(g, sigmoid(x)),
});

export const Tanh = unaryOp({
  type: 'Tanh',
  vjp: (_x, y, g) => mul(g, sub(1, mul(y, y))),
});

function emitStableSoftplus(e: Emitter, dtype: Tensor['dtype'], x: string, y: string): void {
  const [absX, negAbs, expNeg, onePlus, logTerm, relu] = ['abs', 'negabs', 'exp', 'oneplus', 'log', 'relu'].map((h) => e.fresh(h));
  e.node('Abs', [x], [absX]);
  e.node('Neg', [absX], [negAbs]);
  e.node('Exp', [negAbs], [expNeg]);
  e.node('Add', [expNeg, e.constant(dtype, [], [1])], [onePlus]);
  e.node('Log', [onePlus], [logTerm]);
  e.node('Relu', [x], [relu]);
  e.node('Add', [relu, logTerm], [y]);
}

/** max(x, 0); gradient 1 where x > 0, else 0. */
export function relu(x: Tensor): Tensor {
  return applyOne(Relu, [x], {});
}

/**
 * x for x > 0, alpha·x otherwise.
 *
 * @example
 *   leakyRelu(h, 0.01);
 */
export function leakyRelu(x: Tensor, alpha = 0.01): Tensor {
  // ONNX stores alpha as float32; keep the same rounded value for the gradient.
  return applyOne(LeakyRelu, [x], { alpha: Math.fround(alpha) });
}

/** 1 / (1 + e^-x). */
export function sigmoid(x: Tensor): Tensor {
  return applyOne(Sigmoid, [x], {});
}

/** ln(1 + e^x), evaluated stably for large |x|. */
export function softplus(x: Tensor): Tensor {
  return applyOne(Softplus, [x], {});
}

/** Hyperbolic tangent. */
export function tanh(x: Tensor): Tensor {
  return applyOne(Tanh, [x], {});
}
