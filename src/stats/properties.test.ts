/**
 * Property-based tests of the statistics that are not covered beside each function (auc.test.ts
 * already checks AUC symmetry, invariance to increasing transforms, bounds and CI containment):
 * agreement with the pairwise definition, order invariance, reversal under decreasing
 * transforms, monotonicity under shifts, p-value symmetry, DeLong variance bounds, and the
 * transform invariance and bounds of KS, histogram JSD, isotonic fits and ROC curves.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { auc, compareScores, delongVarianceSorted } from './auc.js';
import { jsdHistograms } from './jsd.js';
import { fitIsotonic, predictIsotonic } from './isotonic.js';
import { ksStatistic } from './ks.js';
import { rocCurve } from './roc.js';
import { sortedCopy } from './tie-groups.js';

const scores = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e3, max: 1e3 }), { minLength: 1, maxLength: 40 });
/** Few distinct values: ties everywhere. */
const tied = fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 40 });
const either = fc.oneof(scores, tied);

/** P(b > r) + ½ P(b = r) over all pairs: the definition, O(n·m). */
function pairwiseAuc(batch: number[], reference: number[]): number {
  let wins = 0;
  for (const b of batch) for (const r of reference) wins += b > r ? 1 : b === r ? 0.5 : 0;
  return wins / (batch.length * reference.length);
}

describe('AUC', () => {
  it('equals the pairwise definition (ties ½)', () => {
    fc.assert(fc.property(either, either, (a, b) => Math.abs(auc(a, b)! - pairwiseAuc(a, b)) < 1e-12), { numRuns: 500 });
  });

  it('does not depend on the order of the events', () => {
    fc.assert(
      fc.property(either, either, fc.nat(), (a, b, seed) => {
        const shuffled = [...a].sort((x, y) => ((x * 7919 + seed) % 13) - ((y * 7919 + seed) % 13));
        return auc(shuffled, [...b].reverse()) === auc(a, b);
      }),
      { numRuns: 300 },
    );
  });

  it('negating both samples (a decreasing transform, exact in floating point) gives 1 − AUC', () => {
    fc.assert(fc.property(either, either, (a, b) => Math.abs(auc(a.map((x) => -x), b.map((x) => -x))! - (1 - auc(a, b)!)) < 1e-12), {
      numRuns: 300,
    });
  });

  it('shifting the batch up never lowers the AUC', () => {
    fc.assert(fc.property(either, either, fc.double({ min: 0, max: 10, noNaN: true }), (a, b, shift) => auc(a.map((x) => x + shift), b)! >= auc(a, b)! - 1e-12), {
      numRuns: 300,
    });
  });

  it('p-value is symmetric in the two samples; the DeLong variance is within [0, ¼]', () => {
    fc.assert(
      fc.property(either, either, (a, b) => {
        const ab = compareScores(a, b);
        const ba = compareScores(b, a);
        if (Math.abs(ab.p_value! - ba.p_value!) > 1e-12) return false;
        const v = delongVarianceSorted(sortedCopy(a), sortedCopy(b), ab.auc!);
        if (a.length < 2 || b.length < 2) return v === null;
        return v !== null && v >= -1e-15 && v <= 0.25 + 1e-12;
      }),
      { numRuns: 300 },
    );
  });

  it('identical samples: AUC exactly ½ and p = 1', () => {
    fc.assert(
      fc.property(either, (a) => {
        const r = compareScores(a, [...a]);
        return r.auc === 0.5 && r.p_value === 1;
      }),
      { numRuns: 200 },
    );
  });
});

describe('ROC curve', () => {
  it('runs from (0, 0) to (1, 1), monotone in both coordinates, inside the unit square', () => {
    fc.assert(
      fc.property(either, either, (a, b) => {
        const roc = rocCurve(a, b)!;
        const n = roc.fpr.length;
        if (roc.fpr[0] !== 0 || roc.tpr[0] !== 0 || roc.fpr[n - 1] !== 1 || roc.tpr[n - 1] !== 1) return false;
        for (let i = 1; i < n; i++) if (roc.fpr[i] < roc.fpr[i - 1] || roc.tpr[i] < roc.tpr[i - 1]) return false;
        return true;
      }),
      { numRuns: 300 },
    );
  });
});

/** True when f maps distinct values to distinct values in the same order. */
function keepsOrderStrictly(f: (x: number) => number, values: number[]): boolean {
  const sorted = [...values].sort((x, y) => x - y);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] > sorted[i - 1] && !(f(sorted[i]) > f(sorted[i - 1]))) return false;
  }
  return true;
}

describe('KS statistic', () => {
  it('is invariant to strictly increasing transforms and zero for identical samples', () => {
    fc.assert(
      fc.property(either, either, (a, b) => {
        const f = (x: number) => Math.atan(x / 5);
        // In floating point atan(x/5) merges distinct inputs (subnormals, neighbouring doubles);
        // the property is about transforms that keep every pair of values apart.
        fc.pre(keepsOrderStrictly(f, [...a, ...b]));
        return ksStatistic(a.map(f), b.map(f)) === ksStatistic(a, b) && ksStatistic(a, [...a].reverse()) === 0;
      }),
      { numRuns: 300 },
    );
  });
});

describe('histogram JSD (bits)', () => {
  const hist = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 12 }).filter((h) => h.some((c) => c > 0));

  it('does not depend on the total counts, only on the shapes; 0 exactly for equal shapes', () => {
    fc.assert(
      fc.property(hist, fc.integer({ min: 1, max: 50 }), (p, k) => {
        const q = p.map((c) => c * k);
        return jsdHistograms(p, q) < 1e-12;
      }),
      { numRuns: 300 },
    );
  });

  it('is at most 1 bit, reached exactly for disjoint supports', () => {
    fc.assert(
      fc.property(hist, (p) => {
        const q = p.map((c) => (c > 0 ? 0 : 1));
        if (q.every((c) => c === 0)) return true;
        return Math.abs(jsdHistograms(p, q) - 1) < 1e-12;
      }),
      { numRuns: 300 },
    );
  });
});

describe('isotonic regression', () => {
  it('predictions stay within the range of the fitted y, for any x', () => {
    const point = fc.record({ x: fc.integer({ min: -5, max: 5 }), y: fc.double({ min: -3, max: 3, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 30 }), fc.double({ min: -20, max: 20, noNaN: true }), (pts, at) => {
        const fit = fitIsotonic(
          pts.map((p) => p.x),
          pts.map((p) => p.y),
        );
        const ys = pts.map((p) => p.y);
        const v = predictIsotonic(fit, at);
        return v >= Math.min(...ys) - 1e-12 && v <= Math.max(...ys) + 1e-12;
      }),
      { numRuns: 300 },
    );
  });
});
