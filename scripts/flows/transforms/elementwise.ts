/**
 * Elementwise layers: every feature goes through the same kind of kernel with its own parameters,
 * which are free parameters (unconditional) or come from a network of the context alone. A
 * context-conditioned elementwise affine layer over a standard-normal base is a conditional
 * diagonal Gaussian; an unconditional elementwise spline is a product of learned 1-D marginals.
 *
 * @example
 *   const marginals = new ElementwiseSpline({ name: 'm', features: 4, spline: { bins: 16 } });
 *   const gaussian = new ElementwiseAffine({ name: 'g', features: 1, contextFeatures: 3 });
 */
import { reduceSum, reshape, type Tensor } from '../../engine/index.js';
import { Bijection, type BijectionOptions, type Transformed } from '../core.js';
import { AffineKernel, type Kernel, SplineKernel } from '../kernels.js';
import { conditioner, type NetSpec } from '../nn.js';
import { parameter } from '../params.js';
import type { SplineOptions } from '../spline.js';

export interface ElementwiseOptions extends BijectionOptions {
  /** The context network (used only with a context). */
  net?: NetSpec;
}

export class Elementwise extends Bijection {
  private readonly net: NetSpec;

  constructor(
    options: ElementwiseOptions,
    readonly kernel: Kernel,
  ) {
    super(options);
    this.net = options.net ?? {};
  }

  forward(x: Tensor, context?: Tensor): Transformed {
    return this.apply(x, context, false);
  }

  inverse(y: Tensor, context?: Tensor): Transformed {
    return this.apply(y, context, true);
  }

  private apply(v: Tensor, context: Tensor | undefined, inverse: boolean): Transformed {
    this.check(v, context);
    const D = this.features;
    const P = this.kernel.paramsPerFeature;
    const params =
      this.contextFeatures > 0
        ? reshape(conditioner(`${this.name}.net`, context!, D * P, this.net), [v.shape[0], D, P])
        : parameter(v.graph, `${this.name}.params`, [D, P], { kind: 'zeros' });
    const { out, logdet } = this.kernel.apply(v, params, inverse);
    return { y: out, logdet: reduceSum(logdet, 1) };
  }
}

/** Per-feature affine map; with a context, a conditional diagonal Gaussian over a normal base. */
export class ElementwiseAffine extends Elementwise {
  constructor(options: ElementwiseOptions & { scaleBound?: number }) {
    super(options, new AffineKernel({ scaleBound: options.scaleBound }));
  }
}

/** Per-feature rational-quadratic spline. */
export class ElementwiseSpline extends Elementwise {
  constructor(options: ElementwiseOptions & { spline?: SplineOptions }) {
    super(options, new SplineKernel(options.spline));
  }
}
