/**
 * Elementwise ("univariate") transforms driven by per-feature parameters, which coupling and
 * elementwise layers obtain from a network or hold as free parameters. Each kernel maps all-zero
 * parameters to the identity.
 *
 * @example
 *   const kernel = new SplineKernel({ bins: 8, bound: 5 });
 *   const { out, logdet } = kernel.apply(x, params); // params [N, D, kernel.paramsPerFeature] or [D, P]
 */
import { expand, exp, mul, neg, slice, squeeze, sub, tanh, div, add, type Tensor } from '../engine/index.js';
import { type ResolvedSpline, type SplineOptions, resolveSpline, rqSpline, splineParamCount, unpackSplineParams } from './spline.js';

export interface Kernel {
  /** Parameters per transformed feature. */
  readonly paramsPerFeature: number;
  /** Elementwise map of v [N, D] (or its inverse) and its elementwise log |slope| [N, D]. */
  apply(v: Tensor, params: Tensor, inverse?: boolean): { out: Tensor; logdet: Tensor };
  /** A short description for model cards. */
  describe(): Record<string, unknown>;
}

/** y = x·exp(s) + t with a soft-bounded log-scale s = c·tanh(raw / c). */
export class AffineKernel implements Kernel {
  readonly paramsPerFeature = 2;
  /** Largest |log-scale| c (default 3): bounded scales keep early training stable. */
  readonly scaleBound: number;

  constructor(options: { scaleBound?: number } = {}) {
    this.scaleBound = options.scaleBound ?? 3;
  }

  apply(v: Tensor, params: Tensor, inverse = false): { out: Tensor; logdet: Tensor } {
    const shift = squeeze(slice(params, [0], [1], [-1]), -1);
    const raw = squeeze(slice(params, [1], [2], [-1]), -1);
    const c = this.scaleBound;
    const logScale = mul(tanh(div(raw, c)), c);
    if (!inverse) return { out: add(mul(v, exp(logScale)), shift), logdet: expand(logScale, v.shape) };
    return { out: mul(sub(v, shift), exp(neg(logScale))), logdet: expand(neg(logScale), v.shape) };
  }

  describe(): Record<string, unknown> {
    return { kind: 'affine', scale_bound: this.scaleBound };
  }
}

/** The rational-quadratic spline of spline.ts. */
export class SplineKernel implements Kernel {
  readonly paramsPerFeature: number;
  readonly options: ResolvedSpline;

  constructor(options: SplineOptions = {}) {
    this.options = resolveSpline(options);
    this.paramsPerFeature = splineParamCount(this.options);
  }

  apply(v: Tensor, params: Tensor, inverse = false): { out: Tensor; logdet: Tensor } {
    return rqSpline(v, unpackSplineParams(params, this.options), this.options, inverse);
  }

  describe(): Record<string, unknown> {
    const o = this.options;
    return {
      kind: 'rational_quadratic_spline',
      bins: o.bins,
      bound: o.bound,
      tails: o.tails,
      min_bin_width: o.minBinWidth,
      min_bin_height: o.minBinHeight,
      min_derivative: o.minDerivative,
    };
  }
}
