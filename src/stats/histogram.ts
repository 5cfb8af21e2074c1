/**
 * Fixed-edge histograms for per-feature comparisons. Edges come from the reference sample (its
 * quantiles, or its range), are stored with the reference, and every later batch is counted into
 * the same edges so histograms stay comparable bin by bin.
 */
import { sortedCopy } from './tie-groups.js';

/**
 * Bin edges at the reference's quantiles 0, 1/bins, …, 1 (linear interpolation between order
 * statistics), so each bin holds about the same share of the reference. Repeated edges — from a
 * discrete or heavily tied feature — are merged, so there may be fewer than `bins` bins. A
 * constant sample gets one bin [v − ½, v + ½]. Values must be finite.
 *
 * @example
 *   quantileEdges([1, 2, 3, 4, 5], 4); // Float64Array [1, 2, 3, 4, 5]
 *   quantileEdges([0, 0, 0, 1], 2);    // Float64Array [0, 1]
 */
export function quantileEdges(reference: ArrayLike<number>, bins: number): Float64Array {
  checkBins(bins);
  const sorted = sortedFinite(reference, 'quantileEdges');
  const n = sorted.length;
  const edges: number[] = [];
  for (let k = 0; k <= bins; k++) {
    const h = ((n - 1) * k) / bins;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, n - 1);
    const edge = sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  return edges.length < 2 ? constantEdges(sorted[0]) : Float64Array.from(edges);
}

/**
 * `bins` equal-width bins spanning min..max of `values`. A constant sample gets one bin
 * [v − ½, v + ½]. Values must be finite.
 *
 * @example
 *   rangeEdges([0, 10], 5); // Float64Array [0, 2, 4, 6, 8, 10]
 */
export function rangeEdges(values: ArrayLike<number>, bins: number): Float64Array {
  checkBins(bins);
  if (values.length === 0) throw new RangeError('rangeEdges: no values');
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new RangeError(`rangeEdges: value at ${i} is not finite`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) return constantEdges(min);
  const edges = new Float64Array(bins + 1);
  for (let k = 0; k <= bins; k++) edges[k] = min + ((max - min) * k) / bins;
  edges[bins] = max; // exact, whatever the rounding above
  return edges;
}

/**
 * Counts of `values` in the bins [e0, e1), [e1, e2), …, [e(k−1), ek] — the last bin closed.
 * Values below the first edge are counted in the first bin and values above the last edge in
 * the last, so every value is counted and totals match sample sizes. ±Infinity folds the same
 * way; NaN is a RangeError.
 *
 * @example
 *   histogramCounts([-5, 0.5, 1, 2, 9], Float64Array.of(0, 1, 2)); // Float64Array [2, 3]
 */
export function histogramCounts(values: ArrayLike<number>, edges: ArrayLike<number>): Float64Array {
  const bins = edges.length - 1;
  if (bins < 1) throw new RangeError('histogramCounts: need at least two edges');
  for (let k = 1; k < edges.length; k++) {
    if (!(edges[k] > edges[k - 1])) throw new RangeError('histogramCounts: edges must be strictly increasing');
  }
  const counts = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) throw new RangeError(`histogramCounts: value at ${i} is NaN`);
    counts[binIndex(edges, v)]++;
  }
  return counts;
}

/** Bin of v: the largest k with edges[k] ≤ v, clamped to [0, bins − 1]. */
function binIndex(edges: ArrayLike<number>, v: number): number {
  const bins = edges.length - 1;
  if (v < edges[1]) return 0;
  if (v >= edges[bins - 1]) return bins - 1;
  let lo = 1; // edges[lo] <= v
  let hi = bins - 1; // edges[hi] > v
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] <= v) lo = mid;
    else hi = mid;
  }
  return lo;
}

function constantEdges(v: number): Float64Array {
  return Float64Array.of(v - 0.5, v + 0.5);
}

function checkBins(bins: number): void {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new RangeError(`bins must be a positive integer, got ${bins}`);
}

function sortedFinite(values: ArrayLike<number>, caller: string): Float64Array {
  if (values.length === 0) throw new RangeError(`${caller}: no values`);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`${caller}: value at ${i} is not finite`);
  }
  return sortedCopy(values);
}
