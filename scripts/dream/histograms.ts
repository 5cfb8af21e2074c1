/**
 * Per-feature reference histograms for the model card, so the edge service can compare an upload
 * with the reference feature by feature. Edges are reference quantiles (≈ equal counts per bin,
 * which keeps every bin populated and the comparison sensitive where the events are).
 *
 * @example
 *   referenceHistograms(validationReference, ['mj1', 'delta_mj'], 20);
 *   // [{ feature: 'mj1', edges: [...21 numbers], counts: [...20 numbers] }, ...]
 */
import type { Matrix } from '../../src/formats/matrix.js';
import { histogramCounts, quantileEdges } from '../../src/stats/histogram.js';
import type { Histogram } from '../../src/model-card.js';
import { roundSignificant } from './ranking.js';

export const DEFAULT_BINS = 20;

/** One histogram per column of `m`, with quantile edges rounded to 7 significant digits. */
export function referenceHistograms(m: Matrix, names: string[], bins = DEFAULT_BINS): Histogram[] {
  return names.map((feature, j) => {
    const values = new Float64Array(m.rows);
    for (let i = 0; i < m.rows; i++) values[i] = m.data[i * m.cols + j];
    // Round first, drop edges that rounding merged, then count with exactly the stored edges.
    const edges: number[] = [];
    for (const e of quantileEdges(values, bins)) {
      const r = roundSignificant(e);
      if (edges.length === 0 || r > edges[edges.length - 1]) edges.push(r);
    }
    if (edges.length < 2) edges.push(roundSignificant(edges[0] + Math.max(1e-6, Math.abs(edges[0]) * 1e-6)));
    return { feature, edges, counts: Array.from(histogramCounts(values, edges)) };
  });
}
