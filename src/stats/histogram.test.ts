import { describe, expect, it } from 'vitest';
import { histogramCounts, quantileEdges, rangeEdges } from './histogram.js';
import { Rng } from './rng.js';

describe('bin edges', () => {
  it('quantile edges split the reference evenly', () => {
    expect(Array.from(quantileEdges([1, 2, 3, 4, 5], 4))).toEqual([1, 2, 3, 4, 5]);
    const rng = new Rng(1);
    const ref = Float64Array.from({ length: 10000 }, () => rng.normal());
    const edges = quantileEdges(ref, 10);
    expect(edges.length).toBe(11);
    for (const c of histogramCounts(ref, edges)) expect(c).toBeGreaterThanOrEqual(999), expect(c).toBeLessThanOrEqual(1001);
  });
  it('merges repeated quantiles of tied data', () => {
    expect(Array.from(quantileEdges([0, 0, 0, 1], 2))).toEqual([0, 1]);
    // Quantile positions 0, 1.8, 3.6, 5.4, 7.2, 9: the first three all land on 0.
    const edges = Array.from(quantileEdges([0, 0, 0, 0, 0, 0, 1, 2, 3, 4], 5));
    expect(edges.length).toBe(4);
    [0, 0.4, 2.2, 4].forEach((e, i) => expect(edges[i]).toBeCloseTo(e, 12));
  });
  it('constant data gets one unit-wide bin', () => {
    expect(Array.from(quantileEdges([3, 3, 3], 5))).toEqual([2.5, 3.5]);
    expect(Array.from(rangeEdges([3, 3], 5))).toEqual([2.5, 3.5]);
  });
  it('range edges are equal width and end exactly at max', () => {
    expect(Array.from(rangeEdges([10, 0, 5], 5))).toEqual([0, 2, 4, 6, 8, 10]);
    expect(rangeEdges([0.1, 0.7], 3)[3]).toBe(0.7);
  });
  it('rejects bad input', () => {
    expect(() => quantileEdges([], 3)).toThrow(RangeError);
    expect(() => quantileEdges([1, Infinity], 3)).toThrow(/finite/);
    expect(() => rangeEdges([1, 2], 0)).toThrow(/bins/);
  });
});

describe('histogramCounts', () => {
  it('folds under- and overflow into the edge bins; last bin closed', () => {
    expect(Array.from(histogramCounts([-5, 0.5, 1, 2, 9], Float64Array.of(0, 1, 2)))).toEqual([2, 3]);
    expect(Array.from(histogramCounts([-Infinity, 0, 1, 1.5, 2, 3, Infinity], [0, 1, 2, 3]))).toEqual([2, 2, 3]);
  });
  it('counts every value', () => {
    const rng = new Rng(2);
    const values = Array.from({ length: 1000 }, () => rng.normal() * 3);
    const counts = histogramCounts(values, rangeEdges([-1, 1], 7));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
  });
  it('rejects NaN and non-increasing edges', () => {
    expect(() => histogramCounts([NaN], [0, 1])).toThrow(/NaN/);
    expect(() => histogramCounts([1], [0, 0, 1])).toThrow(/increasing/);
    expect(() => histogramCounts([1], [0])).toThrow(/two edges/);
  });
});
