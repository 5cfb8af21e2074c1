/**
 * Coupling layers (Dinh et al.): the transformed features go through an elementwise kernel whose
 * parameters a network computes from the conditioning features and the context. The Jacobian is
 * triangular, so log |det J| is the sum of the kernel's elementwise log-slopes.
 *
 * @example
 *   const layer = new SplineCoupling({ name: 'c0', features: 4, contextFeatures: 1, spline: { bins: 8 } });
 *   const affine = new AffineCoupling({ name: 'c1', features: 4, transformed: [0, 1] });
 */
import { concat, reduceSum, reshape, type Tensor } from '../../engine/index.js';
import { Bijection, type BijectionOptions, type Transformed } from '../core.js';
import { mergeColumns, range, splitColumns } from '../columns.js';
import { AffineKernel, type Kernel, SplineKernel } from '../kernels.js';
import { conditioner, type NetSpec } from '../nn.js';
import type { SplineOptions } from '../spline.js';

export interface CouplingOptions extends BijectionOptions {
  /** Indices of the features to transform (default: the last ⌊D/2⌋); the others condition. */
  transformed?: readonly number[];
  net?: NetSpec;
}

export class Coupling extends Bijection {
  readonly transformed: readonly number[];
  readonly conditioning: readonly number[];
  private readonly net: NetSpec;

  constructor(
    options: CouplingOptions,
    readonly kernel: Kernel,
  ) {
    super(options);
    const D = this.features;
    this.transformed = options.transformed ?? range(D - Math.floor(D / 2), D);
    this.conditioning = range(0, D).filter((i) => !this.transformed.includes(i));
    if (this.transformed.length === 0) throw new Error(`${this.name}: nothing to transform`);
    if (this.conditioning.length === 0 && this.contextFeatures === 0) {
      throw new Error(`${this.name}: a coupling needs conditioning features or a context (use an elementwise layer)`);
    }
    if (new Set(this.transformed).size !== this.transformed.length || this.transformed.some((i) => !(i >= 0 && i < D))) {
      throw new Error(`${this.name}: transformed indices must be distinct features of 0..${D - 1}`);
    }
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
    const [moving, fixed] = this.conditioning.length > 0 ? splitColumns(v, [this.transformed, this.conditioning]) : [v, undefined];
    const netInput = concat([fixed, this.contextFeatures > 0 ? context : undefined].filter((t): t is Tensor => t !== undefined), 1);
    const P = this.kernel.paramsPerFeature;
    const Dt = this.transformed.length;
    const params = reshape(conditioner(`${this.name}.net`, netInput, Dt * P, this.net), [v.shape[0], Dt, P]);
    const { out, logdet } = this.kernel.apply(moving, params, inverse);
    const pieces: [readonly number[], Tensor][] = [[this.transformed, out]];
    if (fixed) pieces.push([this.conditioning, fixed]);
    return { y: mergeColumns(this.features, pieces), logdet: reduceSum(logdet, 1) };
  }
}

/** Affine coupling (RealNVP): y_b = x_b · exp(s(x_a, c)) + t(x_a, c). */
export class AffineCoupling extends Coupling {
  constructor(options: CouplingOptions & { scaleBound?: number }) {
    super(options, new AffineKernel({ scaleBound: options.scaleBound }));
  }
}

/** Rational-quadratic spline coupling (Neural Spline Flows). */
export class SplineCoupling extends Coupling {
  constructor(options: CouplingOptions & { spline?: SplineOptions }) {
    super(options, new SplineKernel(options.spline));
  }
}
