/**
 * Two-sample Kolmogorov–Smirnov distance: the largest gap between the two empirical CDFs. Used
 * as a per-feature one-dimensional distance between a batch and the reference.
 */
import { forEachTieGroup, sortedCopy } from './tie-groups.js';

/**
 * KS statistic D = sup |F_a − F_b| of two non-empty samples. Tied values across the samples are
 * stepped over together, so D only looks at the CDFs at the values themselves.
 * Throws a RangeError for an empty sample or NaN.
 *
 * @example
 *   ksStatistic([1, 2, 3], [1, 2, 3]); // 0
 *   ksStatistic([1, 2], [3, 4]);       // 1
 */
export function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 || b.length === 0) throw new RangeError('ksStatistic: both samples must be non-empty');
  return ksStatisticSorted(sortedCopy(a), sortedCopy(b));
}

/** `ksStatistic` of two ascending samples (as from `sortedCopy`). */
export function ksStatisticSorted(a: Float64Array, b: Float64Array): number {
  const na = a.length;
  const nb = b.length;
  let d = 0;
  forEachTieGroup(a, b, (_v, ca, cb, belowA, belowB) => {
    const gap = Math.abs((belowA + ca) / na - (belowB + cb) / nb);
    if (gap > d) d = gap;
  });
  return d;
}

/**
 * KS statistic with its asymptotic two-sided p-value (Kolmogorov distribution with the usual
 * finite-sample correction of the effective size). Conservative when the data have many ties.
 *
 * @example
 *   ksTest([1, 2, 3, 4], [3, 4, 5, 6]); // { statistic: 0.5, p_value: … }
 */
export function ksTest(a: ArrayLike<number>, b: ArrayLike<number>): { statistic: number; p_value: number } {
  const statistic = ksStatistic(a, b);
  const effective = Math.sqrt((a.length * b.length) / (a.length + b.length));
  const lambda = (effective + 0.12 + 0.11 / effective) * statistic;
  return { statistic, p_value: kolmogorovSf(lambda) };
}

/**
 * P(K > λ) for the Kolmogorov distribution: the alternating series 2 Σ (−1)^(k−1) e^(−2k²λ²)
 * converges fast for large λ; for small λ the equivalent theta-function form does.
 */
export function kolmogorovSf(lambda: number): number {
  if (!(lambda > 0)) return 1;
  if (lambda < 1.18) {
    const c = (Math.PI * Math.PI) / (8 * lambda * lambda);
    let sum = 0;
    for (let k = 1; k <= 20; k++) sum += Math.exp(-(2 * k - 1) * (2 * k - 1) * c);
    const cdf = (Math.sqrt(2 * Math.PI) / lambda) * sum;
    return Math.min(1, Math.max(0, 1 - cdf));
  }
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}
