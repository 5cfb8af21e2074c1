/**
 * The monotonic rational-quadratic spline (Durkan et al. 2019, "Neural Spline Flows"), elementwise
 * on [-B, B] with K bins, written in engine ops so that it trains (gradients checked against finite
 * differences) and exports to plain ONNX.
 *
 * Unconstrained parameters per feature: K bin widths, K bin heights and the knot derivatives
 * (K − 1 interior ones with identity tails, K + 1 with linear tails). Widths and heights go through
 * a softmax and a floor (minimum bin width / height); derivatives through a shifted softplus and a
 * floor, shifted so that all-zero parameters give uniform bins with unit slopes: the identity.
 *
 * Bin search: the bin of x is the number of interior knots at or below it (comparisons and a sum),
 * and the bin's knots are picked with GatherElements, so gradients flow through the knot values
 * and x but not through the integer index. Outside [-B, B] the tails take over: the identity, or
 * straight lines with the boundary derivatives as slopes (continuous in value and slope). The
 * spline itself is always evaluated at x clipped into [-B, B], so a batch entirely outside the
 * bound still gives finite values and gradients (the unselected branch gets a zero gradient, never
 * 0 × NaN).
 *
 * @example
 *   const { y, logdet } = rqSpline(x, { widths, heights, derivatives }, { bins: 8, bound: 5 });
 *   const back = rqSpline(y, { widths, heights, derivatives }, { bins: 8, bound: 5 }, true); // back.x ≈ x
 */
import {
  add,
  and,
  cast,
  clip,
  concat,
  cumsum,
  div,
  expand,
  gatherElements,
  greaterOrEqual,
  lessOrEqual,
  log,
  mul,
  neg,
  pad,
  reduceSum,
  slice,
  softmax,
  softplus,
  split,
  sqrt,
  squeeze,
  sub,
  unsqueeze,
  where,
  type Tensor,
} from '../engine/index.js';

export type Tails = 'identity' | 'linear';

export interface SplineOptions {
  /** Number of bins K (default 8). */
  bins?: number;
  /** Half-width B of the spline's domain and range [-B, B] (default 5). */
  bound?: number;
  /** Minimum bin width, height and knot derivative (defaults 1e-3): keeps the map invertible in float32. */
  minBinWidth?: number;
  minBinHeight?: number;
  minDerivative?: number;
  /** Outside [-B, B]: 'identity' (boundary slopes fixed at 1) or 'linear' (learned boundary slopes). */
  tails?: Tails;
}

export type ResolvedSpline = Required<SplineOptions>;

export function resolveSpline(options: SplineOptions = {}): ResolvedSpline {
  const s: ResolvedSpline = {
    bins: options.bins ?? 8,
    bound: options.bound ?? 5,
    minBinWidth: options.minBinWidth ?? 1e-3,
    minBinHeight: options.minBinHeight ?? 1e-3,
    minDerivative: options.minDerivative ?? 1e-3,
    tails: options.tails ?? 'identity',
  };
  if (!Number.isInteger(s.bins) || s.bins < 1) throw new Error(`spline bins must be a positive integer, got ${s.bins}`);
  if (!(s.bound > 0)) throw new Error(`spline bound must be positive, got ${s.bound}`);
  if (s.minBinWidth * s.bins >= 1 || s.minBinHeight * s.bins >= 1) throw new Error('minimum bin width/height times bins must stay below 1');
  if (!(s.minDerivative > 0 && s.minDerivative < 1)) throw new Error('minimum derivative must lie in (0, 1)');
  return s;
}

/** Unconstrained parameters per feature: K widths, K heights, then the derivatives. */
export function splineParamCount(options: SplineOptions = {}): number {
  const s = resolveSpline(options);
  return 3 * s.bins + (s.tails === 'linear' ? 1 : -1);
}

/** Unconstrained spline parameters, each [..., D, ·] with optional leading batch axes. */
export interface SplineParams {
  widths: Tensor;
  heights: Tensor;
  derivatives: Tensor;
}

/** Splits a packed parameter tensor [..., D, P] (P = splineParamCount) into its three parts. */
export function unpackSplineParams(packed: Tensor, options: SplineOptions = {}): SplineParams {
  const { bins: K } = resolveSpline(options);
  const P = splineParamCount(options);
  if (packed.shape[packed.rank - 1] !== P) throw new Error(`spline parameters need ${P} values per feature, got ${packed}`);
  const [widths, heights, derivatives] = split(packed, [K, K, P - 2 * K], -1);
  return { widths, heights, derivatives };
}

/**
 * Left knots [..., D, K] (the first is −B) and bin sizes [..., D, K] summing to 2B. The right
 * knot of bin k is left + size; the last one equals B up to float rounding, which the clipping of
 * inputs into [−B, B] and the bin search tolerate.
 */
function bins(unnormalised: Tensor, minBin: number, s: ResolvedSpline): { left: Tensor; sizes: Tensor } {
  const span = 2 * s.bound;
  const sizes = add(mul(softmax(unnormalised, -1), (1 - minBin * s.bins) * span), minBin * span);
  return { left: sub(cumsum(sizes, -1, { exclusive: true }), s.bound), sizes };
}

/** softplus(raw + shift) + minDerivative, shifted so that raw = 0 gives exactly 1. */
function derivative(raw: Tensor, s: ResolvedSpline): Tensor {
  const shift = Math.log(Math.expm1(1 - s.minDerivative));
  return add(softplus(add(raw, shift)), s.minDerivative);
}

/** Knot derivatives at the left and right end of each bin, [..., D, K] each. */
function knotDerivatives(raw: Tensor, s: ResolvedSpline): { left: Tensor; right: Tensor } {
  const K = s.bins;
  const d = derivative(raw, s);
  if (s.tails === 'linear') return { left: slice(d, [0], [K], [-1]), right: slice(d, [1], [K + 1], [-1]) };
  // Identity tails: the boundary derivatives are exactly 1, so the slope is continuous at ±B.
  const padded = (before: number, after: number) => add(pad(sub(d, 1), padLast(d.rank, before, after)), 1);
  return { left: padded(1, 0), right: padded(0, 1) };
}

function padLast(rank: number, before: number, after: number): number[] {
  const pads = new Array<number>(2 * rank).fill(0);
  pads[rank - 1] = before;
  pads[2 * rank - 1] = after;
  return pads;
}

/** values[..., bin] per element: values [..., D, K] (broadcast to bin's batch), bin int64 [N, D, 1] → [N, D, 1]. */
function take(values: Tensor, bin: Tensor): Tensor {
  const K = values.shape[values.rank - 1];
  return gatherElements(expand(values, [...bin.shape.slice(0, -1), K]), bin, -1);
}

/** Index [N, D, 1] of the bin holding v [N, D, 1]: how many interior knots lie at or below it. */
function binOf(v: Tensor, left: Tensor, K: number): Tensor {
  if (K === 1) return expand(v.graph.scalar(0, 'int64'), v.shape);
  const interior = slice(left, [1], [K], [-1]);
  return cast(reduceSum(cast(greaterOrEqual(v, interior), v.dtype), -1, true), 'int64');
}

/** The selected bin of every element, each [N, D, 1]. */
interface Bin {
  /** Left knot and size of the bin along the input (x) and output (y) axes. */
  xk: Tensor;
  wk: Tensor;
  yk: Tensor;
  hk: Tensor;
  /** Derivatives at the bin's left and right knots. */
  dk: Tensor;
  dk1: Tensor;
  /** Bin slope h/w. */
  slope: Tensor;
}

type Bins = { left: Tensor; sizes: Tensor };

function selectBin(bin: Tensor, x: Bins, y: Bins, d: { left: Tensor; right: Tensor }): Bin {
  const wk = take(x.sizes, bin);
  const hk = take(y.sizes, bin);
  return { xk: take(x.left, bin), wk, yk: take(y.left, bin), hk, dk: take(d.left, bin), dk1: take(d.right, bin), slope: div(hk, wk) };
}

/** log dy/dx inside the bin at relative position θ ∈ [0, 1]. */
function logDerivative(b: Bin, theta: Tensor, t1: Tensor, denominator: Tensor): Tensor {
  const oneMinus = sub(1, theta);
  const numerator = mul(
    mul(b.slope, b.slope),
    add(add(mul(b.dk1, mul(theta, theta)), mul(mul(b.slope, 2), t1)), mul(b.dk, mul(oneMinus, oneMinus))),
  );
  return sub(log(numerator), mul(log(denominator), 2));
}

/** θ(1 − θ) and the rational function's denominator s + (d_{k+1} + d_k − 2s)·θ(1 − θ). */
function denominatorAt(b: Bin, theta: Tensor): { t1: Tensor; denominator: Tensor } {
  const t1 = mul(theta, sub(1, theta));
  return { t1, denominator: add(b.slope, mul(sub(add(b.dk1, b.dk), mul(b.slope, 2)), t1)) };
}

/**
 * Applies the spline elementwise to v [N, D] (forward, or its inverse when `inverse` is set).
 * Parameters are [D, ·] (shared by all events) or [N, D, ·] (from a conditioner network).
 * Returns the transformed values and the elementwise log |slope| of the direction applied, [N, D].
 */
export function rqSpline(v: Tensor, params: SplineParams, options: SplineOptions = {}, inverse = false): { out: Tensor; logdet: Tensor } {
  const s = resolveSpline(options);
  const B = s.bound;
  const x = bins(params.widths, s.minBinWidth, s);
  const y = bins(params.heights, s.minBinHeight, s);
  const d = knotDerivatives(params.derivatives, s);

  const inside = and(greaterOrEqual(v, -B), lessOrEqual(v, B));
  // The spline works on [N, D, 1] so that the gathered bin values need no reshaping.
  const clipped = unsqueeze(clip(v, -B, B), -1);
  const b = selectBin(binOf(clipped, inverse ? y.left : x.left, s.bins), x, y, d);

  let out: Tensor;
  let logdet: Tensor;
  if (!inverse) {
    const theta = div(sub(clipped, b.xk), b.wk);
    const { t1, denominator } = denominatorAt(b, theta);
    const numerator = mul(b.hk, add(mul(b.slope, mul(theta, theta)), mul(b.dk, t1)));
    out = add(b.yk, div(numerator, denominator));
    logdet = logDerivative(b, theta, t1, denominator);
  } else {
    // Solve a θ² + b θ + c = 0 for θ in the bin, in the cancellation-free form 2c / (−b − √disc).
    const dy = sub(clipped, b.yk);
    const delta = sub(add(b.dk1, b.dk), mul(b.slope, 2));
    const qa = add(mul(b.hk, sub(b.slope, b.dk)), mul(dy, delta));
    const qb = sub(mul(b.hk, b.dk), mul(dy, delta));
    const qc = neg(mul(b.slope, dy));
    const disc = clip(sub(mul(qb, qb), mul(mul(qa, qc), 4)), 0);
    const theta = div(mul(qc, 2), sub(neg(qb), sqrt(disc)));
    const { t1, denominator } = denominatorAt(b, theta);
    out = add(mul(theta, b.wk), b.xk);
    logdet = neg(logDerivative(b, theta, t1, denominator));
  }

  const tail = tails(v, params.derivatives, s, inverse);
  return { out: where(inside, squeeze(out, -1), tail.out), logdet: where(inside, squeeze(logdet, -1), tail.logdet) };
}

/** Values and log-slopes outside [-B, B]. */
function tails(v: Tensor, rawDerivatives: Tensor, s: ResolvedSpline, inverse: boolean): { out: Tensor; logdet: Tensor } {
  if (s.tails === 'identity') return { out: v, logdet: expand(v.graph.scalar(0, v.dtype), v.shape) };
  const B = s.bound;
  const K = s.bins;
  const boundary = (i: number) => squeeze(derivative(slice(rawDerivatives, [i], [i + 1], [-1]), s), -1);
  const below = lessOrEqual(v, 0);
  const slope = where(below, boundary(0), boundary(K));
  const edge = where(below, -B, v.graph.scalar(B, v.dtype));
  // Forward: y = edge + slope·(x − edge); inverse: x = edge + (y − edge)/slope.
  const out = inverse ? add(edge, div(sub(v, edge), slope)) : add(edge, mul(sub(v, edge), slope));
  const logSlope = log(slope);
  return { out, logdet: inverse ? neg(logSlope) : logSlope };
}

/** Concatenates spline parameter parts back into the packed layout (for tests and tools). */
export function packSplineParams(p: SplineParams): Tensor {
  return concat([p.widths, p.heights, p.derivatives], p.widths.rank - 1);
}
