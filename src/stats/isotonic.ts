/**
 * Weighted isotonic regression (pool-adjacent-violators) and its piecewise-linear prediction.
 * Used to calibrate classifier scores into probabilities before computing the classifier JSD.
 *
 * Tied x values are pooled first — weights summed, y weight-averaged — and only then is PAV run
 * on the distinct x values. Running PAV on raw rows and averaging tied fits afterwards gives a
 * different, wrong answer (the 0.25-instead-of-⅓ fault).
 */

/** A fitted isotonic function: ascending distinct x and the fitted value at each. */
export interface IsotonicFit {
  x: Float64Array;
  y: Float64Array;
}

export interface IsotonicOptions {
  /** Fit a non-decreasing function (default) or a non-increasing one. */
  increasing?: boolean;
}

/**
 * Fit y ≈ f(x) with f monotone, minimising Σ w·(y − f(x))². Weights default to 1 and must be
 * positive and finite; x and y must be finite (RangeError otherwise).
 *
 * @example
 *   const fit = fitIsotonic([0, 1, 1, 2, 3], [0, 0, 1, 0, 1]);
 *   fit.x; // [0, 1, 2, 3]
 *   fit.y; // [0, 1/3, 1/3, 1]
 */
export function fitIsotonic(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  w?: ArrayLike<number> | null,
  opts: IsotonicOptions = {},
): IsotonicFit {
  const n = x.length;
  if (y.length !== n || (w && w.length !== n)) throw new RangeError('fitIsotonic: x, y and w must have the same length');
  if (n === 0) throw new RangeError('fitIsotonic: no points');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) throw new RangeError(`fitIsotonic: non-finite x or y at ${i}`);
    if (w && !(w[i] > 0 && Number.isFinite(w[i]))) throw new RangeError(`fitIsotonic: weight at ${i} must be positive`);
  }

  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const xs = Float64Array.from(x);
  order.sort((a, b) => xs[a] - xs[b]);

  // Pool rows with equal x.
  const ux = new Float64Array(n);
  const uw = new Float64Array(n);
  const uwy = new Float64Array(n);
  let m = -1;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const wi = w ? w[i] : 1;
    if (m < 0 || xs[i] !== ux[m]) {
      m++;
      ux[m] = xs[i] + 0;
    }
    uw[m] += wi;
    uwy[m] += wi * y[i];
  }
  const distinct = m + 1;
  const means = new Float64Array(distinct);
  for (let k = 0; k < distinct; k++) means[k] = uwy[k] / uw[k];
  return fitIsotonicPooled(ux.slice(0, distinct), uw.slice(0, distinct), means, opts);
}

/**
 * PAV on already-pooled points: strictly ascending distinct `x`, positive total `weight` and
 * weighted mean `mean` of y at each. O(n). Lets callers that already hold sorted data (such as
 * the calibration in jsd.ts) skip the sort and pooling of `fitIsotonic`.
 *
 * @example
 *   fitIsotonicPooled(Float64Array.of(0, 1, 2), Float64Array.of(1, 2, 1), Float64Array.of(0, 0.5, 0));
 *   // { x: [0, 1, 2], y: [0, 1/3, 1/3] }
 */
export function fitIsotonicPooled(
  x: Float64Array,
  weight: Float64Array,
  mean: Float64Array,
  opts: IsotonicOptions = {},
): IsotonicFit {
  const n = x.length;
  const sign = opts.increasing === false ? -1 : 1; // a decreasing fit is an increasing fit of −y
  const blockMean = new Float64Array(n);
  const blockWeight = new Float64Array(n);
  const blockEnd = new Uint32Array(n); // index one past the block's last point
  let top = -1;
  for (let i = 0; i < n; i++) {
    top++;
    blockMean[top] = sign * mean[i];
    blockWeight[top] = weight[i];
    blockEnd[top] = i + 1;
    while (top > 0 && blockMean[top - 1] > blockMean[top]) {
      const merged = blockWeight[top - 1] + blockWeight[top];
      blockMean[top - 1] = (blockWeight[top - 1] * blockMean[top - 1] + blockWeight[top] * blockMean[top]) / merged;
      blockWeight[top - 1] = merged;
      blockEnd[top - 1] = blockEnd[top];
      top--;
    }
  }
  const fitted = new Float64Array(n);
  let start = 0;
  for (let b = 0; b <= top; b++) {
    fitted.fill(sign * blockMean[b] + 0, start, blockEnd[b]); // + 0: no -0 from the sign flip
    start = blockEnd[b];
  }
  return { x: Float64Array.from(x), y: fitted };
}

/**
 * Evaluate a fit at `at`: linear interpolation between neighbouring fitted points, constant
 * beyond the first and last x. A fit with one distinct x is a constant (no division by zero).
 * Throws a RangeError for NaN.
 *
 * @example
 *   predictIsotonic({ x: Float64Array.of(0, 2), y: Float64Array.of(0, 1) }, 0.5); // 0.25
 */
export function predictIsotonic(fit: IsotonicFit, at: number): number {
  if (at !== at) throw new RangeError('predictIsotonic: x is NaN');
  const { x, y } = fit;
  const last = x.length - 1;
  if (at <= x[0]) return y[0];
  if (at >= x[last]) return y[last];
  // Largest k with x[k] <= at; here 0 <= k < last.
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (x[mid] <= at) lo = mid;
    else hi = mid;
  }
  const x0 = x[lo];
  const x1 = x[lo + 1];
  // An infinite gap has no meaningful slope: take the value of its finite end.
  if (x0 === -Infinity) return y[lo + 1];
  if (x1 === Infinity) return y[lo];
  return y[lo] + ((y[lo + 1] - y[lo]) * (at - x0)) / (x1 - x0);
}

/**
 * `predictIsotonic` at many points.
 *
 * @example
 *   predictIsotonicMany(fit, [0, 1, 1, 2, 3]); // Float64Array [0, 1/3, 1/3, 1/3, 1]
 */
export function predictIsotonicMany(fit: IsotonicFit, at: ArrayLike<number>): Float64Array {
  const out = new Float64Array(at.length);
  for (let i = 0; i < at.length; i++) out[i] = predictIsotonic(fit, at[i]);
  return out;
}
