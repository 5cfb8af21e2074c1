/**
 * The small abstract base of the flows library. A `Bijection` is a description (sizes, options, a
 * parameter-name prefix), not a graph: calling `forward` or `inverse` on tensors of any engine
 * graph builds the ops there and creates its parameters in that graph, or reuses them when the
 * graph already has parameters of those names. So one flow object builds the training graph, the
 * exported log-likelihood graph and the sampling graph, and forward and inverse of one graph share
 * one set of parameters.
 *
 * Every call takes an optional `context` [N, C]: conditional layers feed it to their networks,
 * the others ignore it.
 *
 * @example
 *   const layer = new AffineCoupling({ name: 'c0', features: 4, contextFeatures: 1 });
 *   const { y, logdet } = layer.forward(x, context);   // y [N, 4], logdet [N]
 *   const back = layer.inverse(y, context);            // back.y ≈ x, back.logdet = −logdet
 */
import type { Tensor } from '../engine/index.js';

/** The result of applying a bijection: the image and log |det J| of the map applied, per event [N]. */
export interface Transformed {
  y: Tensor;
  logdet: Tensor;
}

export interface BijectionOptions {
  /** Parameter-name prefix, unique within a flow (e.g. 'flow.3'). */
  name: string;
  features: number;
  /** Width of the context each event comes with (0 = unconditional). */
  contextFeatures?: number;
}

/** A bijection R^D → R^D with a tractable log-determinant, optionally conditioned on a context. */
export abstract class Bijection {
  readonly name: string;
  readonly features: number;
  readonly contextFeatures: number;

  constructor(options: BijectionOptions) {
    if (!options.name) throw new Error('a bijection needs a parameter-name prefix');
    if (!Number.isInteger(options.features) || options.features < 1) throw new Error(`${options.name}: features must be a positive integer`);
    this.name = options.name;
    this.features = options.features;
    this.contextFeatures = options.contextFeatures ?? 0;
  }

  /** y = f(x; context) and log |det ∂y/∂x| [N]. */
  abstract forward(x: Tensor, context?: Tensor): Transformed;

  /** x = f⁻¹(y; context) and log |det ∂x/∂y| [N] (the negative of the forward one at x). */
  abstract inverse(y: Tensor, context?: Tensor): Transformed;

  /** log |det ∂f/∂x| [N] at x. */
  logAbsDetJacobian(x: Tensor, context?: Tensor): Tensor {
    return this.forward(x, context).logdet;
  }

  /** Checks the shapes of an input and its context. */
  protected check(v: Tensor, context: Tensor | undefined): void {
    if (v.rank !== 2 || v.shape[1] !== this.features) throw new Error(`${this.name}: expected [N, ${this.features}] input, got ${v}`);
    if (this.contextFeatures > 0) {
      if (!context) throw new Error(`${this.name}: needs a context [N, ${this.contextFeatures}]`);
      if (context.rank !== 2 || context.shape[1] !== this.contextFeatures) {
        throw new Error(`${this.name}: expected context [N, ${this.contextFeatures}], got ${context}`);
      }
    }
  }
}
