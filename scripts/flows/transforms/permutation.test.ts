import { describe, expect, it } from 'vitest';
import { Graph } from '../../engine/index.js';
import { bijectionSuite } from '../testing/bijection-suite.js';
import { Rng, run } from '../testing/harness.js';
import { Permutation } from './permutation.js';

bijectionSuite('random permutation', () => Permutation.random({ name: 'p', features: 5 }, new Rng(3)), { features: 5, identityAtZero: false });

describe('permutation', () => {
  it('puts column order[i] in place i and rejects non-permutations', async () => {
    const g = new Graph();
    const x = g.input('x', ['N', 4]);
    const { y } = new Permutation({ name: 'p', features: 4, order: [2, 0, 3, 1] }).forward(x);
    const out = await run(g, { y }, { x: Float32Array.from([10, 11, 12, 13]) }, {});
    expect(Array.from(out.y)).toEqual([12, 10, 13, 11]);
    expect(() => new Permutation({ name: 'p', features: 3, order: [0, 0, 1] })).toThrow(/permutation/);
    expect(Permutation.reverse({ name: 'r', features: 3 }).order).toEqual([2, 1, 0]);
  });
});
