/**
 * Conditioner networks: an MLP from the conditioning features (and the context) to the parameters
 * of a layer's elementwise transform. The output layer starts at zero, so a freshly built flow is
 * the identity and training starts from the base density pushed through the fixed preprocessing.
 *
 * @example
 *   const params = conditioner('flow.0.net', concat([kept, context], 1), 4 * 23, { hidden: [64, 64] }); // [N, 92]
 */
import { activate, defaultInit, gemm, type Activation, type Tensor } from '../engine/index.js';
import { parameter } from './params.js';

export interface NetSpec {
  /** Hidden layer widths (default [64, 64]). */
  hidden?: readonly number[];
  /** Hidden activation (default relu). */
  activation?: Activation;
}

export const DEFAULT_NET: Required<NetSpec> = { hidden: [64, 64], activation: 'relu' };

/** MLP [N, F] → [N, outputs]; parameters `<name>.<i>.weight` [in, out] and `.bias` [out]. */
export function conditioner(name: string, input: Tensor, outputs: number, spec: NetSpec = {}): Tensor {
  const hidden = spec.hidden ?? DEFAULT_NET.hidden;
  const activation = spec.activation ?? DEFAULT_NET.activation;
  const g = input.graph;
  let h = input;
  let width = input.shape[1] as number;
  hidden.forEach((next, i) => {
    const w = parameter(g, `${name}.${i}.weight`, [width, next], defaultInit(activation));
    const b = parameter(g, `${name}.${i}.bias`, [next], { kind: 'zeros' });
    h = activate(gemm(h, w, { bias: b }), activation);
    width = next;
  });
  const w = parameter(g, `${name}.${hidden.length}.weight`, [width, outputs], { kind: 'zeros' });
  const b = parameter(g, `${name}.${hidden.length}.bias`, [outputs], { kind: 'zeros' });
  return gemm(h, w, { bias: b });
}
