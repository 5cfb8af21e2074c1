import { describe, expect, it } from 'vitest';
import { balancedSubsample, splitClass, streamSeeds } from './split.js';

describe('splitClass', () => {
  it('cuts one class 60/20/20 into disjoint parts that cover every row', () => {
    const s = splitClass(1003, { seed: 5 });
    expect([s.train.length, s.test.length, s.validation.length]).toEqual([601, 200, 202]);
    const all = [...s.train, ...s.test, ...s.validation].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1003 }, (_, i) => i));
  });

  it('is deterministic given the seed and changes with it', () => {
    const a = splitClass(500, { seed: 1 });
    expect(splitClass(500, { seed: 1 })).toEqual(a);
    expect(splitClass(500, { seed: 2 }).train).not.toEqual(a.train);
  });

  it('keeps both classes at the same shares (stratified)', () => {
    const ref = splitClass(15000, { seed: 6 });
    const cand = splitClass(5000, { seed: 7 });
    for (const part of ['train', 'test', 'validation'] as const) {
      expect(ref[part].length / 15000).toBeCloseTo(cand[part].length / 5000, 3);
    }
  });

  it('rejects fractions that do not sum to one', () => {
    expect(() => splitClass(10, { seed: 1, fractions: { train: 0.5, test: 0.2, validation: 0.2 } })).toThrow(/sum to 1/);
  });
});

describe('balancedSubsample', () => {
  it('draws k distinct sorted indices, or all when k ≥ n', () => {
    const k = balancedSubsample(1000, 100, 3);
    expect(k.length).toBe(100);
    expect(new Set(k).size).toBe(100);
    expect([...k]).toEqual([...k].sort((a, b) => a - b));
    expect(balancedSubsample(10, 20, 3).length).toBe(10);
    expect(balancedSubsample(1000, 100, 3)).toEqual(k);
  });
});

describe('streamSeeds', () => {
  it('gives distinct streams that never collide across run seeds', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 50; seed++) for (const s of Object.values(streamSeeds(seed))) seen.add(s);
    expect(seen.size).toBe(200);
  });
});
