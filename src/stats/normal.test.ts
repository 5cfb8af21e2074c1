import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, normalQuantile, normalSf } from './normal.js';

// Reference values from scipy.special.erfc / scipy.stats.norm.
const ERFC: Array<[number, number]> = [
  [0, 1],
  [0.01, 0.9887165844441503],
  [0.5, 0.4795001221869535],
  [1, 0.15729920705028516],
  [2, 0.004677734981047266],
  [3, 2.2090496998585445e-5],
  [5, 1.5374597944280347e-12],
  [10, 2.0884875837625446e-45],
  [26, 5.663192408856145e-296],
  [-1, 1.8427007929497148],
];

describe('erfc', () => {
  it.each(ERFC)('erfc(%d) matches to 1e-13 relative', (x, expected) => {
    expect(Math.abs(erfc(x) - expected)).toBeLessThanOrEqual(1e-13 * expected);
  });
  it('underflows to 0 far in the tail and is NaN only for NaN', () => {
    expect(erfc(40)).toBe(0);
    expect(erfc(-40)).toBe(2);
    expect(erfc(NaN)).toBeNaN();
  });
  it('is continuous where the two methods meet (x = 2)', () => {
    expect(Math.abs(erfc(2 - 1e-12) - erfc(2 + 1e-12))).toBeLessThan(1e-13);
  });
});

describe('normal distribution', () => {
  it('cdf and upper tail', () => {
    expect(normalCdf(-1.96)).toBeCloseTo(0.024997895148220435, 15);
    expect(normalSf(1.96)).toBeCloseTo(0.024997895148220435, 15);
    expect(normalSf(8) / 6.22096057427174e-16).toBeCloseTo(1, 12);
    expect(normalCdf(0)).toBe(0.5);
  });
  it('quantile', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
  });
  it('quantile inverts the cdf across the range', () => {
    for (const p of [1e-300, 1e-20, 0.001, 0.1, 0.3, 0.7, 0.9, 0.999]) {
      const z = normalQuantile(p);
      expect(Math.abs(normalCdf(z) - p) / Math.min(p, 1 - p)).toBeLessThan(1e-10);
    }
  });
});
