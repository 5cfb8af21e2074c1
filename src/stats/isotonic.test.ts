import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitIsotonic, fitIsotonicPooled, predictIsotonic, predictIsotonicMany } from './isotonic.js';

describe('fitIsotonic', () => {
  it('pools tied x (weights summed) before PAV', () => {
    const fit = fitIsotonic([0, 1, 1, 2, 3], [0, 0, 1, 0, 1]);
    expect(Array.from(fit.x)).toEqual([0, 1, 2, 3]);
    expect(Array.from(fit.y)).toEqual([0, 1 / 3, 1 / 3, 1]);
  });

  it('all-equal x gives a constant fit and predicts it everywhere', () => {
    const fit = fitIsotonic([1, 1, 1, 1], [0, 1, 0, 1]);
    expect(Array.from(fit.y)).toEqual([0.5]);
    for (const at of [-1e9, 0, 1, 2.5, 1e9]) expect(predictIsotonic(fit, at)).toBe(0.5);
  });

  it('respects weights and input order', () => {
    // Violating pair (x=0: y=1 w=3) and (x=1: y=0 w=1) pools to 0.75.
    const fit = fitIsotonic([1, 0], [0, 1], [1, 3]);
    expect(Array.from(fit.y)).toEqual([0.75, 0.75]);
  });

  it('decreasing fits mirror increasing ones', () => {
    const up = fitIsotonic([0, 1, 2, 3], [3, 1, 2, 0].map((v) => -v));
    const down = fitIsotonic([0, 1, 2, 3], [3, 1, 2, 0], null, { increasing: false });
    expect(Array.from(down.y)).toEqual(Array.from(up.y, (v) => -v + 0));
    expect(Array.from(down.y)).toEqual([3, 1.5, 1.5, 0]);
  });

  it('rejects bad input', () => {
    expect(() => fitIsotonic([], [])).toThrow(RangeError);
    expect(() => fitIsotonic([0, 1], [0])).toThrow(RangeError);
    expect(() => fitIsotonic([NaN], [0])).toThrow(RangeError);
    expect(() => fitIsotonic([0], [0], [0])).toThrow(/positive/);
  });

  it('property: fit is monotone, and PAV preserves the weighted mean', () => {
    const point = fc.record({ x: fc.integer({ min: 0, max: 8 }), y: fc.double({ min: -5, max: 5, noNaN: true }), w: fc.double({ min: 0.1, max: 3, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 40 }), (pts) => {
        const fit = fitIsotonic(pts.map((p) => p.x), pts.map((p) => p.y), pts.map((p) => p.w));
        for (let i = 1; i < fit.y.length; i++) if (fit.y[i] < fit.y[i - 1] - 1e-12) return false;
        const fitted = predictIsotonicMany(fit, pts.map((p) => p.x));
        let wy = 0;
        let wf = 0;
        pts.forEach((p, i) => {
          wy += p.w * p.y;
          wf += p.w * fitted[i];
        });
        return Math.abs(wy - wf) < 1e-9 * Math.max(1, Math.abs(wy));
      }),
      { numRuns: 300 },
    );
  });
});

describe('predictIsotonic', () => {
  const fit = { x: Float64Array.of(0, 1, 3), y: Float64Array.of(0, 0.5, 1) };
  it('interpolates linearly between fitted points and clamps outside', () => {
    expect(predictIsotonic(fit, 0.5)).toBe(0.25);
    expect(predictIsotonic(fit, 2)).toBe(0.75);
    expect(predictIsotonic(fit, 1)).toBe(0.5);
    expect(predictIsotonic(fit, -4)).toBe(0);
    expect(predictIsotonic(fit, 40)).toBe(1);
    expect(predictIsotonic(fit, Infinity)).toBe(1);
    expect(() => predictIsotonic(fit, NaN)).toThrow(RangeError);
  });
  it('takes the finite end of an infinite gap', () => {
    const f = fitIsotonicPooled(Float64Array.of(-Infinity, 0, Infinity), Float64Array.of(1, 1, 1), Float64Array.of(0, 0.5, 1));
    expect(predictIsotonic(f, -3)).toBe(0.5);
    expect(predictIsotonic(f, 3)).toBe(0.5);
  });
});
