import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auc } from './auc.js';
import { Rng } from './rng.js';
import { rocArea, rocCurve } from './roc.js';

describe('rocCurve', () => {
  it('known curves', () => {
    expect(rocCurve([0.9, 0.8], [0.1, 0.2])).toEqual({ fpr: [0, 0, 0, 0.5, 1], tpr: [0, 0.5, 1, 1, 1] });
    expect(rocCurve([0.1], [0.9])).toEqual({ fpr: [0, 1, 1], tpr: [0, 0, 1] });
    // One tie group crossed at once: the diagonal.
    expect(rocCurve([0.5, 0.5], [0.5])).toEqual({ fpr: [0, 1], tpr: [0, 1] });
  });

  it('is null for an empty sample and refuses NaN', () => {
    expect(rocCurve([], [1])).toBeNull();
    expect(() => rocCurve([NaN], [1])).toThrow(RangeError);
  });

  it('keeps at most maxPoints, monotone, from (0,0) to (1,1)', () => {
    const rng = new Rng(3);
    const batch = Float32Array.from({ length: 5000 }, () => rng.normal() + 0.3);
    const reference = Float32Array.from({ length: 3000 }, () => rng.normal());
    const curve = rocCurve(batch, reference, 101)!;
    expect(curve.fpr.length).toBeLessThanOrEqual(101);
    expect(curve.fpr.length).toBeGreaterThan(90);
    expect([curve.fpr[0], curve.tpr[0], curve.fpr.at(-1), curve.tpr.at(-1)]).toEqual([0, 0, 1, 1]);
    for (let k = 1; k < curve.fpr.length; k++) {
      expect(curve.fpr[k]).toBeGreaterThanOrEqual(curve.fpr[k - 1]);
      expect(curve.tpr[k]).toBeGreaterThanOrEqual(curve.tpr[k - 1]);
    }
    expect(Math.abs(rocArea(curve) - auc(batch, reference)!)).toBeLessThan(0.003);
  });

  it('property: with room for every vertex, the area is the Mann–Whitney AUC (ties ½)', () => {
    const sample = fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const curve = rocCurve(a, b, a.length + b.length + 1)!;
        return Math.abs(rocArea(curve) - auc(a, b)!) < 1e-3;
      }),
    );
  });
});
