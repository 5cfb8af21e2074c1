import { describe, expect, it } from 'vitest';
import { Graph } from '../../engine/index.js';
import { logAbsDet } from '../testing/checks.js';
import { bijectionSuite } from '../testing/bijection-suite.js';
import { Rng, randomParams, run } from '../testing/harness.js';
import { LULinear } from './lu-linear.js';

bijectionSuite('LU linear', () => new LULinear({ name: 'lu', features: 4 }), { features: 4 });
bijectionSuite('LU linear, one feature', () => new LULinear({ name: 'lu', features: 1 }), { features: 1 });

describe('LU linear', () => {
  it('is the affine map x → L U x + b with log-det Σ s', async () => {
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', ['N', 3]);
    const { y, logdet } = new LULinear({ name: 'lu', features: 3 }).forward(x);
    const p = randomParams(g.params, new Rng(5));
    const xv = Float64Array.from([0.3, -1.2, 2]);
    const out = await run(g, { y, logdet }, { x: xv }, p);
    const at = (name: string, i: number, j: number) => p[`lu.${name}`][i * 3 + j];
    const L = [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? 1 : i > j ? at('lower', i, j) : 0)));
    const U = [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? Math.exp(p['lu.log_diagonal'][i]) : i < j ? at('upper', i, j) : 0)));
    const A = L.map((row) => [0, 1, 2].map((j) => row.reduce((s, l, k) => s + l * U[k][j], 0)));
    const want = A.map((row, i) => row.reduce((s, a, j) => s + a * xv[j], 0) + p['lu.bias'][i]);
    want.forEach((v, i) => expect(out.y[i]).toBeCloseTo(v, 12));
    expect(out.logdet[0]).toBeCloseTo(logAbsDet(A), 12);
  });
});
