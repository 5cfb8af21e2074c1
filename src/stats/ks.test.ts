import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kolmogorovSf, ksStatistic, ksTest } from './ks.js';

describe('ksStatistic', () => {
  it('known values', () => {
    expect(ksStatistic([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(ksStatistic([1, 2], [3, 4])).toBe(1);
    expect(ksStatistic([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])).toBeCloseTo(1 / 3, 15);
  });
  it('steps over ties in both samples together', () => {
    // Stepping one sample at a time would report 1 at the shared value.
    expect(ksStatistic([0, 0, 0], [0, 0])).toBe(0);
    expect(ksStatistic([0, 1], [0, 0])).toBe(0.5);
  });
  it('rejects empty samples', () => {
    expect(() => ksStatistic([], [1])).toThrow(RangeError);
  });
  it('property: symmetric and within [0, 1]', () => {
    const sample = fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const d = ksStatistic(a, b);
        return d >= 0 && d <= 1 && d === ksStatistic(b, a);
      }),
    );
  });
});

describe('ksTest', () => {
  it('Kolmogorov survival function matches scipy.stats.kstwobign.sf', () => {
    expect(kolmogorovSf(0.5)).toBeCloseTo(0.9639452436648751, 10);
    expect(kolmogorovSf(1.0)).toBeCloseTo(0.26999967167735456, 10);
    expect(kolmogorovSf(1.5)).toBeCloseTo(0.022217962616525127, 10);
    expect(kolmogorovSf(2.5)).toBeCloseTo(7.453306344157342e-6, 14);
    expect(kolmogorovSf(0)).toBe(1);
  });
  it('gives a p-value in [0, 1] close to the asymptotic one', () => {
    const r = ksTest([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(r.statistic).toBeCloseTo(1 / 3, 15);
    expect(r.p_value).toBeGreaterThan(0.4); // scipy's 'asymp' method: 0.533
    expect(r.p_value).toBeLessThan(0.6);
  });
});
