import { describe, expect, it } from 'vitest';
import { bootstrapAucCi, bootstrapAucCiSorted } from './auc-bootstrap.js';
import { auc, compareScores } from './auc.js';
import { Rng } from './rng.js';
import { sortedCopy } from './tie-groups.js';

function normals(rng: Rng, n: number, shift = 0): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal() + shift;
  return out;
}

describe('bootstrap CI', () => {
  it('is deterministic for a seed and brackets the estimate', () => {
    const rng = new Rng(9);
    const a = normals(rng, 100, 0.3);
    const b = normals(rng, 120);
    const first = bootstrapAucCi(a, b, { seed: 3, replicates: 400 });
    expect(bootstrapAucCi(a, b, { seed: 3, replicates: 400 })).toEqual(first);
    const point = auc(a, b)!;
    expect(first!.lower).toBeLessThan(point);
    expect(first!.upper).toBeGreaterThan(point);
  });

  it('is close to the DeLong interval for a moderate sample', () => {
    const rng = new Rng(10);
    const a = normals(rng, 400, 0.4);
    const b = normals(rng, 400);
    const delong = compareScores(a, b).auc_ci!;
    const boot = compareScores(a, b, { ciMethod: 'bootstrap', bootstrapReplicates: 2000, seed: 1 }).auc_ci!;
    expect(Math.abs(boot[0] - delong[0])).toBeLessThan(0.01);
    expect(Math.abs(boot[1] - delong[1])).toBeLessThan(0.01);
  });

  it('all-equal and perfectly separated samples give degenerate intervals', () => {
    expect(bootstrapAucCi([0.3, 0.3, 0.3], [0.3, 0.3], { replicates: 50 })).toEqual({ lower: 0.5, upper: 0.5, replicates: 50 });
    expect(bootstrapAucCiSorted(sortedCopy([5, 6]), sortedCopy([1, 2]), { replicates: 50 })).toEqual({ lower: 1, upper: 1, replicates: 50 });
  });

  it('validates its options', () => {
    expect(() => bootstrapAucCi([1, 2], [1, 2], { replicates: 1 })).toThrow(RangeError);
    expect(() => bootstrapAucCi([1, 2], [1, 2], { level: 0 })).toThrow(RangeError);
  });

  it('needs two events per class', () => {
    expect(bootstrapAucCi([1], [0, 1])).toBeNull();
    const r = compareScores([1], [0, 1], { ciMethod: 'bootstrap' });
    expect(r.auc_ci).toBeNull();
    expect(r.note).toMatch(/bootstrap/);
  });

  it('95% CI coverage on simulated nulls (300 repetitions, n = 200 vs 200)', () => {
    const rng = new Rng(99);
    let covered = 0;
    const reps = 300;
    for (let r = 0; r < reps; r++) {
      const ci = bootstrapAucCi(normals(rng, 200), normals(rng, 200), { seed: r, replicates: 500 })!;
      if (ci.lower <= 0.5 && 0.5 <= ci.upper) covered++;
    }
    expect(covered / reps).toBeGreaterThanOrEqual(0.91);
    expect(covered / reps).toBeLessThanOrEqual(0.98);
  });
});

