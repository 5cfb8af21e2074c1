import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auc, aucSorted, compareScores, delongVarianceSorted, mannWhitneyPValueSorted } from './auc.js';
import { Rng } from './rng.js';
import { sortedCopy } from './tie-groups.js';

/** ψ kernel of the Mann–Whitney statistic: batch event beats reference event = 1, tie = ½. */
const psi = (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0);

/** Straightforward O(n·m) AUC and DeLong variance, straight from the definitions. */
function bruteForce(pos: number[], neg: number[]) {
  const v10 = pos.map((x) => neg.reduce((s, y) => s + psi(x, y), 0) / neg.length);
  const v01 = neg.map((y) => pos.reduce((s, x) => s + psi(x, y), 0) / pos.length);
  const a = v10.reduce((s, v) => s + v, 0) / pos.length;
  const s10 = v10.reduce((s, v) => s + (v - a) ** 2, 0) / (pos.length - 1);
  const s01 = v01.reduce((s, v) => s + (v - a) ** 2, 0) / (neg.length - 1);
  return { auc: a, variance: s10 / pos.length + s01 / neg.length };
}

function normals(rng: Rng, n: number, shift = 0): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal() + shift;
  return out;
}

describe('auc (Mann–Whitney with mid-ranks)', () => {
  it('hand-computed values', () => {
    expect(auc([0.9, 0.5], [0.5])).toBe(0.75); // one win, one tie
    expect(auc([1, 2, 3], [0, 1.5, 4])).toBeCloseTo(5 / 9, 15);
    // Ties across classes at 0.4 and 0.9. Per batch event: 0.1 → 0; 0.4 → 1 + 2·½ (twice);
    // 0.7 → 4; 0.9 → 4 + ½ (twice). U = 0 + 4 + 4 + 9 = 17 of 6·5 = 30 pairs.
    expect(auc([0.1, 0.4, 0.4, 0.7, 0.9, 0.9], [0.2, 0.4, 0.4, 0.5, 0.9])).toBeCloseTo(17 / 30, 15);
  });

  it('is exact at the extremes and for all-equal scores', () => {
    expect(auc([0.7, 0.8, 0.9], [0.1, 0.2, 0.3])).toBe(1);
    expect(auc([0.1, 0.2], [0.8, 0.9])).toBe(0);
    expect(auc([0.3, 0.3, 0.3], [0.3, 0.3, 0.3])).toBe(0.5);
    expect(auc([-0], [0])).toBe(0.5); // -0 and +0 are one tie
  });

  it('ties count one half whatever their order or position in the input', () => {
    expect(auc([0.5], [0.5])).toBe(0.5);
    expect(auc([0.9, 0.5], [0.5])).toBe(auc([0.5, 0.9], [0.5]));
  });

  it('is null for an empty class and throws on NaN', () => {
    expect(auc([], [1])).toBeNull();
    expect(auc([1], [])).toBeNull();
    expect(() => auc([NaN], [1])).toThrow(RangeError);
  });

  it('handles 1M + 1M float32 scores quickly', () => {
    const rng = new Rng(1);
    const n = 1_000_000;
    const a = new Float32Array(n);
    const b = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = rng.normal() + 0.1;
      b[i] = rng.normal();
    }
    const t0 = performance.now();
    const r = compareScores(a, b);
    const ms = performance.now() - t0;
    // Φ(0.1/√2) = 0.5282; the sampling error at this size is ~0.0004.
    expect(r.auc!).toBeGreaterThan(0.526);
    expect(r.auc!).toBeLessThan(0.531);
    expect(r.auc_ci![0]).toBeLessThan(r.auc!);
    // Typically ~0.2 s; the bound only catches an accidental O(n²) or per-element allocation.
    expect(ms).toBeLessThan(2500);
  });
});

describe('DeLong variance', () => {
  it('matches the O(n·m) definition on small random data with ties', () => {
    const rng = new Rng(11);
    for (let rep = 0; rep < 200; rep++) {
      const n1 = 2 + rng.int(15);
      const n0 = 2 + rng.int(15);
      const pos = Array.from({ length: n1 }, () => rng.int(6) / 2 + (rep % 3)); // heavy ties
      const neg = Array.from({ length: n0 }, () => rng.int(6) / 2);
      const ref = bruteForce(pos, neg);
      const p = sortedCopy(pos);
      const q = sortedCopy(neg);
      const a = aucSorted(p, q);
      expect(a).toBeCloseTo(ref.auc, 14);
      expect(delongVarianceSorted(p, q, a)!).toBeCloseTo(ref.variance, 14);
    }
  });

  it('hand-computed example', () => {
    // V10 = [0.5, 1], V01 = [1, 0.5], AUC = 0.75: S10 = S01 = 0.125, var = 0.125/2 + 0.125/2.
    expect(delongVarianceSorted(sortedCopy([0.2, 0.8]), sortedCopy([0.1, 0.5]), 0.75)).toBeCloseTo(0.125, 15);
  });

  it('needs two events per class', () => {
    expect(delongVarianceSorted(sortedCopy([1]), sortedCopy([0, 1]), 0.75)).toBeNull();
  });

  it('95% CI covers the true AUC 0.5 at the nominal rate (300 nulls, n = 200 vs 200)', () => {
    const rng = new Rng(2024);
    let covered = 0;
    const reps = 300;
    for (let r = 0; r < reps; r++) {
      const c = compareScores(normals(rng, 200), normals(rng, 200));
      if (c.auc_ci![0] <= 0.5 && 0.5 <= c.auc_ci![1]) covered++;
    }
    expect(covered / reps).toBeGreaterThanOrEqual(0.91);
    expect(covered / reps).toBeLessThanOrEqual(0.98);
  });

  it('95% CI covers a non-null AUC at the nominal rate (shift 0.5: AUC = Φ(0.5/√2))', () => {
    const truth = 0.6381631950841185;
    const rng = new Rng(77);
    let covered = 0;
    const reps = 300;
    for (let r = 0; r < reps; r++) {
      const c = compareScores(normals(rng, 200, 0.5), normals(rng, 200));
      if (c.auc_ci![0] <= truth && truth <= c.auc_ci![1]) covered++;
    }
    expect(covered / reps).toBeGreaterThanOrEqual(0.91);
    expect(covered / reps).toBeLessThanOrEqual(0.98);
  });
});

describe('Mann–Whitney p-value', () => {
  // References: scipy.stats.mannwhitneyu(..., method='asymptotic', use_continuity=True).
  it('matches scipy with ties', () => {
    const p = mannWhitneyPValueSorted(sortedCopy([0.1, 0.4, 0.4, 0.7, 0.9, 0.9]), sortedCopy([0.2, 0.4, 0.4, 0.5, 0.9]));
    expect(p).toBeCloseTo(0.7771658841197077, 13);
  });
  it('matches scipy at complete separation', () => {
    expect(mannWhitneyPValueSorted(sortedCopy([1, 2, 3, 4, 5]), sortedCopy([6, 7, 8, 9, 10]))).toBeCloseTo(0.012185780355344813, 13);
    expect(mannWhitneyPValueSorted(sortedCopy([0.7, 0.8, 0.9]), sortedCopy([0.1, 0.2, 0.3]))).toBeCloseTo(0.08085559837005224, 13);
  });
  it('is exactly 1 when every score is tied', () => {
    expect(mannWhitneyPValueSorted(sortedCopy([0.3, 0.3, 0.3]), sortedCopy([0.3, 0.3]))).toBe(1);
    expect(mannWhitneyPValueSorted(sortedCopy([0.5]), sortedCopy([0.5]))).toBe(1);
  });
  it('is roughly uniform under the null', () => {
    const rng = new Rng(5);
    let rejected = 0;
    for (let r = 0; r < 400; r++) if (compareScores(normals(rng, 50), normals(rng, 60)).p_value! < 0.05) rejected++;
    expect(rejected / 400).toBeGreaterThan(0.02);
    expect(rejected / 400).toBeLessThan(0.08);
  });
});

describe('compareScores', () => {
  it('reports JSON-safe values for a normal batch', () => {
    const r = compareScores([0.7, 0.8, 0.9], [0.1, 0.2, 0.3]);
    expect(r).toEqual({
      auc: 1,
      auc_se: 0,
      auc_ci: [1, 1],
      ci_method: 'delong',
      ci_level: 0.95,
      p_value: expect.closeTo(0.08085559837005224, 13),
      gini: 1,
      n: 3,
      n_reference: 3,
    });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('single class: AUC null with a reason, never NaN or 0', () => {
    const r = compareScores([], [0.1, 0.5]);
    expect(r.auc).toBeNull();
    expect(r.gini).toBeNull();
    expect(r.p_value).toBeNull();
    expect(r.note).toMatch(/single class/);
    expect(JSON.stringify(r)).not.toMatch(/NaN/);
  });

  it('NaN scores: nulls with a count, not a silent drop', () => {
    const r = compareScores([0.1, NaN], [0.5, 0.2]);
    expect(r.auc).toBeNull();
    expect(r.note).toMatch(/NaN \(batch: 1, reference: 0\)/);
  });

  it('one event in a class: AUC and p-value, CI null with a reason', () => {
    const r = compareScores([0.9], [0.1, 0.5]);
    expect(r.auc).toBe(1);
    expect(r.auc_ci).toBeNull();
    expect(r.note).toBe('DeLong variance undefined (a class has 1 sample)');
  });

  it('CI is clamped to [0, 1] and honours the level', () => {
    const r = compareScores([0.5, 0.9, 0.95], [0.1, 0.6, 0.2]);
    expect(r.auc_ci![1]).toBe(1);
    const r80 = compareScores([0.5, 0.9, 0.4, 0.1], [0.1, 0.6, 0.2, 0.3], { level: 0.8 });
    const r95 = compareScores([0.5, 0.9, 0.4, 0.1], [0.1, 0.6, 0.2, 0.3]);
    expect(r80.auc_ci![1] - r80.auc_ci![0]).toBeLessThan(r95.auc_ci![1] - r95.auc_ci![0]);
    expect(() => compareScores([1], [2], { level: 1 })).toThrow(RangeError);
  });
});

describe('properties', () => {
  const scores = fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 60 });
  // Few distinct values, so ties are common.
  const tiedScores = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 60 });

  it('AUC(a, b) = 1 − AUC(b, a)', () => {
    for (const arb of [scores, tiedScores]) {
      fc.assert(
        fc.property(arb, arb, (a, b) => Math.abs(auc(a, b)! - (1 - auc(b, a)!)) < 1e-12),
        { numRuns: 200 },
      );
    }
  });

  it('invariant to strictly increasing transforms', () => {
    const transforms = [(x: number) => Math.atan(x / 7), (x: number) => 3 * x - 2, (x: number) => Math.cbrt(x)];
    fc.assert(
      fc.property(tiedScores, tiedScores, fc.integer({ min: 0, max: 2 }), (a, b, k) => {
        const f = transforms[k];
        return auc(a.map(f), b.map(f)) === auc(a, b);
      }),
      { numRuns: 300 },
    );
  });

  it('AUC in [0, 1], CI within [0, 1] and containing the estimate, p in [0, 1]', () => {
    fc.assert(
      fc.property(scores, scores, fc.boolean(), (a, b, boot) => {
        const r = compareScores(a, b, boot ? { ciMethod: 'bootstrap', bootstrapReplicates: 50 } : {});
        if (r.auc === null || !(r.auc >= 0 && r.auc <= 1)) return false;
        if (!(r.p_value! >= 0 && r.p_value! <= 1)) return false;
        if (r.auc_ci === null) return a.length < 2 || b.length < 2;
        const [lo, hi] = r.auc_ci;
        return lo >= 0 && hi <= 1 && lo <= r.auc && r.auc <= hi;
      }),
      { numRuns: 300 },
    );
  });
});
