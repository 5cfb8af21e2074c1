import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';
import { countAtOrAbove, discoverySignificance, maxSic, rejectionAtEfficiency, sicCurve, thinSicCurve, thresholdForEfficiency } from './sic.js';

describe('sicCurve', () => {
  it('known small curve, ties crossed together', () => {
    const c = sicCurve([0.9, 0.8], [0.1, 0.85])!;
    expect(c.threshold).toEqual([0.9, 0.85, 0.8, 0.1]);
    expect(c.effS).toEqual([0.5, 0.5, 1, 1]);
    expect(c.effB).toEqual([0, 0.5, 0.5, 1]);
    expect(c.nB).toEqual([0, 1, 1, 2]);
    expect(c.sic[0]).toBe(0);
    expect(c.sic[1]).toBeCloseTo(0.5 / Math.sqrt(0.5), 12);
    expect(c.sic[2]).toBeCloseTo(Math.SQRT2, 12);
    expect(c.sic[3]).toBe(1);
    const tied = sicCurve([0.5, 0.5], [0.5])!;
    expect(tied).toMatchObject({ threshold: [0.5], effS: [1], effB: [1], sic: [1] });
  });

  it('is null for an empty sample and refuses NaN', () => {
    expect(sicCurve([], [1])).toBeNull();
    expect(sicCurve([1], [])).toBeNull();
    expect(() => sicCurve([NaN], [1])).toThrow(RangeError);
  });

  it('a random score has SIC ≈ √ε_S; a perfect one reaches 1/√ε_B at ε_S = 1', () => {
    const rng = new Rng(5);
    const s = Float64Array.from({ length: 20000 }, () => rng.uniform());
    const b = Float64Array.from({ length: 20000 }, () => rng.uniform());
    const c = sicCurve(s, b)!;
    const k = c.effS.findIndex((e) => e >= 0.25);
    expect(c.sic[k]).toBeCloseTo(0.5, 1);
    const perfect = sicCurve([2, 3, 4], Float64Array.from({ length: 400 }, (_, i) => i / 400))!;
    // With N_B ≥ 25 required, the best cut keeps all signal and the top 25 background events.
    const best = maxSic(perfect)!;
    expect(best.nB).toBe(25);
    expect(best.effS).toBe(1);
    expect(best.sic).toBeCloseTo(1 / Math.sqrt(25 / 400), 12);
    expect(best.rejection).toBe(16);
  });

  it('property: efficiencies are monotone and end at 1; SIC = ε_S/√ε_B', () => {
    const sample = fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(sample, sample, (s, b) => {
        const c = sicCurve(s, b)!;
        for (let k = 1; k < c.effS.length; k++) {
          if (c.effS[k] < c.effS[k - 1] || c.effB[k] < c.effB[k - 1] || c.threshold[k] >= c.threshold[k - 1]) return false;
        }
        const last = c.effS.length - 1;
        return c.effS[last] === 1 && c.effB[last] === 1 && c.sic.every((v, k) => (c.effB[k] === 0 ? v === 0 : Math.abs(v - c.effS[k] / Math.sqrt(c.effB[k])) < 1e-12));
      }),
    );
  });
});

describe('maxSic, rejection, thinning and cuts', () => {
  const rng = new Rng(9);
  const signal = Float64Array.from({ length: 5000 }, () => rng.normal() + 2);
  const background = Float64Array.from({ length: 20000 }, () => rng.normal());
  const curve = sicCurve(signal, background)!;

  it('maxSic honours the background-count bound', () => {
    const loose = maxSic(curve, 0.5)!;
    const strict = maxSic(curve, 0.1)!;
    expect(loose.nB).toBeGreaterThanOrEqual(4);
    expect(strict.nB).toBeGreaterThanOrEqual(100);
    expect(loose.sic).toBeGreaterThanOrEqual(strict.sic);
    expect(maxSic(sicCurve([1], [0])!, 0.2)).toBeNull();
    expect(() => maxSic(curve, 0)).toThrow(RangeError);
  });

  it('rejection at a signal efficiency matches the normal tails', () => {
    // ε_S = 0.5 is the cut at x = 2: ε_B = P(N(0,1) ≥ 2) ≈ 0.02275.
    expect(rejectionAtEfficiency(curve, 0.5)).toBeGreaterThan(1 / 0.03);
    expect(rejectionAtEfficiency(curve, 0.5)).toBeLessThan(1 / 0.017);
    // Keeping every signal event still rejects the background below the lowest signal score.
    expect(rejectionAtEfficiency(curve, 1)).toBeGreaterThanOrEqual(1);
  });

  it('thinning keeps the ends and the maximum', () => {
    const thin = thinSicCurve(curve, 150);
    expect(thin.effS.length).toBeLessThanOrEqual(150);
    expect(thin.effS.at(-1)).toBe(1);
    expect(maxSic(thin)!.sic).toBe(maxSic(curve)!.sic);
  });

  it('threshold for an efficiency and counting', () => {
    expect(thresholdForEfficiency([0.1, 0.2, 0.3, 0.4], 0.5)).toBe(0.3);
    expect(thresholdForEfficiency([0.1, 0.2, 0.3, 0.4], 0.01)).toBe(0.4);
    expect(countAtOrAbove([0.1, 0.2, 0.3, 0.4], 0.3)).toBe(2);
    const t = thresholdForEfficiency(background, 0.1);
    expect(countAtOrAbove(background, t)).toBe(2000);
  });
});

describe('discoverySignificance', () => {
  it('known values', () => {
    expect(discoverySignificance(130, 100)).toBeCloseTo(Math.sqrt(2 * (130 * Math.log(1.3) - 30)), 12);
    expect(discoverySignificance(130, 100)).toBeCloseTo(2.866, 3);
    expect(discoverySignificance(90, 100)).toBe(0);
    // Large b: close to s/√b.
    expect(discoverySignificance(1e6 + 3000, 1e6)).toBeCloseTo(3, 2);
  });

  it('a background uncertainty lowers the significance and tends to the plain formula as it vanishes', () => {
    const plain = discoverySignificance(130, 100);
    expect(discoverySignificance(130, 100, 10)).toBeLessThan(plain);
    expect(discoverySignificance(130, 100, 1e-4)).toBeCloseTo(plain, 4);
    // s/√(b + σ²) for small s/b.
    expect(discoverySignificance(10100, 10000, 100)).toBeCloseTo(100 / Math.sqrt(10000 + 10000), 1);
  });
});
