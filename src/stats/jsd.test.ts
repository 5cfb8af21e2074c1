import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balancedBinaryCrossEntropy, classifierJsd, crossFittedJsd, jsdFromBce, jsdHistograms } from './jsd.js';
import { Rng } from './rng.js';

describe('jsdHistograms (bits)', () => {
  it('empty bins contribute 0 (0·log 0 = 0)', () => {
    expect(jsdHistograms([0.3, 0.3, 0.4], [0.5, 0.5, 0])).toBeCloseTo(0.23645279766002786, 14);
  });
  it('identical → 0, disjoint → exactly 1', () => {
    expect(jsdHistograms([0.2, 0.3, 0.5], [0.2, 0.3, 0.5])).toBe(0);
    expect(jsdHistograms([1, 0], [0, 1])).toBe(1);
  });
  it('normalises counts', () => {
    expect(jsdHistograms([3, 3, 4], [50, 50, 0])).toBeCloseTo(0.23645279766002786, 14);
    expect(jsdHistograms([2, 4], [1, 2])).toBe(0);
  });
  it('rejects invalid histograms instead of returning NaN', () => {
    expect(() => jsdHistograms([0, 0], [1, 1])).toThrow(/empty/);
    expect(() => jsdHistograms([1, -1], [1, 1])).toThrow(RangeError);
    expect(() => jsdHistograms([1, NaN], [1, 1])).toThrow(RangeError);
    expect(() => jsdHistograms([1], [1, 1])).toThrow(/lengths/);
  });
  it('property: within [0, 1], symmetric, never NaN', () => {
    const hist = fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(hist, hist, (p, q) => {
        if (p.every((v) => v === 0) || q.every((v) => v === 0)) return true;
        const d = jsdHistograms(p, q);
        return d >= 0 && d <= 1 && Math.abs(d - jsdHistograms(q, p)) < 1e-12;
      }),
      { numRuns: 300 },
    );
  });
});

describe('classifier JSD', () => {
  it('chance-level probabilities give BCE = ln 2 and JSD = 0', () => {
    expect(balancedBinaryCrossEntropy([0.5, 0.5], [0.5])).toBeCloseTo(Math.LN2, 15);
    expect(classifierJsd([0.5], [0.5, 0.5, 0.5])).toBeCloseTo(0, 15);
    expect(jsdFromBce(Math.LN2)).toBe(0);
  });
  it('balances classes of different size', () => {
    // Batch: −ln 0.8; reference: mean of −ln(1 − 0.2) and −ln(1 − 0.6).
    const expected = 0.5 * -Math.log(0.8) + 0.5 * ((-Math.log(0.8) - Math.log(0.4)) / 2);
    expect(balancedBinaryCrossEntropy([0.8], [0.2, 0.6])).toBeCloseTo(expected, 15);
  });
  it('clips probabilities to [1e-7, 1 − 1e-7]', () => {
    const perfect = balancedBinaryCrossEntropy([1], [0]);
    expect(perfect).toBeCloseTo(-Math.log(1 - 1e-7), 12);
    expect(Number.isFinite(balancedBinaryCrossEntropy([0], [1]))).toBe(true);
    expect(classifierJsd([1], [0])).toBeCloseTo(1, 6);
  });
});

describe('crossFittedJsd', () => {
  function normals(rng: Rng, n: number, shift: number): Float32Array {
    return Float32Array.from({ length: n }, () => rng.normal() + shift);
  }

  it('is near 0 for identical distributions (not inflated by in-sample fitting)', () => {
    const rng = new Rng(1);
    const r = crossFittedJsd(normals(rng, 2000, 0), normals(rng, 3000, 0), { seed: 2 });
    expect(Math.abs(r.jsd!)).toBeLessThan(0.01);
  });

  it('approaches the true JSD for separated distributions', () => {
    // Two unit normals 2σ apart: JSD = 0.48594 bits (numerical integration of the definition).
    const rng = new Rng(3);
    const r = crossFittedJsd(normals(rng, 20000, 2), normals(rng, 20000, 0), { seed: 4 });
    expect(r.jsd!).toBeGreaterThan(0.46);
    expect(r.jsd!).toBeLessThan(0.5);
    expect(r.bce!).toBeCloseTo(Math.LN2 * (1 - r.jsd!), 12);
  });

  it('is deterministic for a seed', () => {
    const rng = new Rng(5);
    const a = normals(rng, 300, 0.5);
    const b = normals(rng, 300, 0);
    expect(crossFittedJsd(a, b, { seed: 9 })).toEqual(crossFittedJsd(a, b, { seed: 9 }));
  });

  it('needs two events per class and reports NaN', () => {
    expect(crossFittedJsd([1], [0, 1]).jsd).toBeNull();
    expect(crossFittedJsd([1, NaN], [0, 1]).note).toMatch(/NaN/);
  });
});
