/** Layers: Linear and a multilayer perceptron with a choice of activation. */
import { isFloat } from './dtype.js';
import type { Initializer, Tensor } from './graph.js';
import { add, gemm, leakyRelu, matmul, relu, sigmoid, softplus, tanh } from './ops/index.js';

export type Activation = 'relu' | 'leaky_relu' | 'tanh' | 'sigmoid' | 'softplus' | 'linear';

export interface ActivationOptions {
  /** Negative slope of leaky_relu (default 0.01). */
  leakySlope?: number;
}

/** Applies an activation by name. */
export function activate(x: Tensor, activation: Activation, options: ActivationOptions = {}): Tensor {
  switch (activation) {
    case 'relu':
      return relu(x);
    case 'leaky_relu':
      return leakyRelu(x, options.leakySlope ?? 0.01);
    case 'tanh':
      return tanh(x);
    case 'sigmoid':
      return sigmoid(x);
    case 'softplus':
      return softplus(x);
    case 'linear':
      return x;
  }
}

/** He initialisation suits the rectifiers, Glorot the saturating activations. */
export function defaultInit(activation: Activation): Initializer {
  return activation === 'relu' || activation === 'leaky_relu' ? { kind: 'he_uniform' } : { kind: 'glorot_uniform' };
}

export interface LinearOptions {
  /** Parameter name prefix: creates `<name>.weight` [in, out] and `<name>.bias` [out]. */
  name: string;
  bias?: boolean;
  init?: Initializer;
}

/**
 * y = x·W + b over the last axis (one Gemm for rank-2 inputs).
 *
 * @example
 *   const h = linear(x, 64, { name: 'layer0' }); // [N, F] -> [N, 64]
 */
export function linear(x: Tensor, outFeatures: number, options: LinearOptions): Tensor {
  const inFeatures = x.shape[x.rank - 1];
  if (typeof inFeatures !== 'number') throw new Error(`linear: the feature axis of ${x} must be static`);
  if (!isFloat(x.dtype)) throw new Error(`linear: ${x} is not a float tensor`);
  const g = x.graph;
  const w = g.param(`${options.name}.weight`, [inFeatures, outFeatures], { dtype: x.dtype, init: options.init ?? { kind: 'glorot_uniform' } });
  const b = options.bias === false ? undefined : g.param(`${options.name}.bias`, [outFeatures], { dtype: x.dtype, init: { kind: 'zeros' } });
  if (x.rank === 2) return gemm(x, w, { bias: b });
  const y = matmul(x, w);
  return b ? add(y, b) : y;
}

export interface MlpSpec extends ActivationOptions {
  /** Hidden layer widths, e.g. [64] or [128, 128]. */
  hidden: readonly number[];
  /** Output width (1 for a binary classifier's logit). */
  outputs: number;
  activation?: Activation;
  /** Parameter name prefix (default 'mlp'): layers are `<name>.<i>.weight` / `.bias`. */
  name?: string;
}

/**
 * A multilayer perceptron: Linear + activation per hidden layer, then a linear output layer.
 *
 * @example
 *   const logit = mlp(x, { hidden: [64], outputs: 1, activation: 'leaky_relu' }); // [N, 1]
 */
export function mlp(x: Tensor, spec: MlpSpec): Tensor {
  const activation = spec.activation ?? 'relu';
  const name = spec.name ?? 'mlp';
  let h = x;
  spec.hidden.forEach((width, i) => {
    h = activate(linear(h, width, { name: `${name}.${i}`, init: defaultInit(activation) }), activation, spec);
  });
  return linear(h, spec.outputs, { name: `${name}.${spec.hidden.length}`, init: { kind: 'glorot_uniform' } });
}
