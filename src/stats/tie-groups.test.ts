import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';
import { countNaN, forEachTieGroup, sortedCopy } from './tie-groups.js';

describe('sortedCopy', () => {
  it('sorts small arrays and merges -0 with +0', () => {
    const s = sortedCopy([3, -0, 1, 0, -2]);
    expect(Array.from(s)).toEqual([-2, 0, 0, 1, 3]);
    expect(Object.is(s[1], -0)).toBe(false);
  });

  it('radix path (large float32 input) agrees with the native sort, including ±Infinity, -0 and ties', () => {
    const rng = new Rng(3);
    const n = 10_000;
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = Math.round(rng.normal() * 50) / 8; // many ties, both signs
    values[0] = Infinity;
    values[1] = -Infinity;
    values[2] = -0;
    values[3] = 1e-45; // subnormal float32
    values[4] = -1e-45;
    values[5] = 3.4e38;
    const expected = Float64Array.from(values, (v) => v + 0).sort();
    expect(Array.from(sortedCopy(values))).toEqual(Array.from(expected));
  });

  it('float64 values that are not float32 take the native path correctly', () => {
    const rng = new Rng(4);
    const values = Array.from({ length: 5000 }, () => rng.normal());
    expect(Array.from(sortedCopy(values))).toEqual([...values].sort((a, b) => a - b));
  });

  it('rejects NaN', () => {
    expect(() => sortedCopy([1, NaN])).toThrow(/index 1 is NaN/);
    expect(countNaN([NaN, 1, NaN])).toBe(2);
  });

  it('property: output is ascending and a permutation of the input', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true }), { maxLength: 3000 }), (xs) => {
        const s = sortedCopy(xs);
        for (let i = 1; i < s.length; i++) if (!(s[i - 1] <= s[i])) return false;
        const ref = xs.map((v) => v + 0).sort((a, b) => a - b);
        return s.every((v, i) => v === ref[i]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('forEachTieGroup', () => {
  it('reports counts at and below each distinct value', () => {
    const seen: number[][] = [];
    forEachTieGroup(sortedCopy([1, 2, 2, 5]), sortedCopy([2, 3, 5, 5]), (v, ca, cb, ba, bb) => seen.push([v, ca, cb, ba, bb]));
    expect(seen).toEqual([
      [1, 1, 0, 0, 0],
      [2, 2, 1, 1, 0],
      [3, 0, 1, 3, 1],
      [5, 1, 2, 3, 2],
    ]);
  });
  it('handles empty samples', () => {
    const seen: number[] = [];
    forEachTieGroup(new Float64Array(0), sortedCopy([1, 1]), (v, ca, cb) => seen.push(v, ca, cb));
    expect(seen).toEqual([1, 0, 2]);
  });
});
