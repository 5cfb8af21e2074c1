/** The transport losses: known values, zero for identical samples, gradients by finite differences. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/stats/rng.js';
import { Graph } from '../engine/index.js';
import { Program } from '../engine/runtime.js';
import { gradCheck } from '../engine/testing/gradcheck.js';
import { mmdRbf, otLoss, randomDirections, slicedWasserstein } from './losses.js';

async function value(build: (g: Graph) => ReturnType<typeof mmdRbf>, feeds: Record<string, Float64Array>): Promise<number> {
  const g = new Graph({ dtype: 'float64' });
  const program = await Program.compile(g, { outputs: { loss: build(g) } });
  const r = await program.run(Object.fromEntries(program.inputs.map((s) => [s.name, feeds[s.name]])));
  await program.release();
  return Number(r.loss.data[0]);
}

describe('MMD (multi-scale RBF)', () => {
  it('one point each: 2·Σ_s (1 − exp(−δ²/2s²))', async () => {
    const v = await value((g) => mmdRbf(g.input('x', [1, 1]), g.input('y', [1, 1]), { scales: [0.5, 2] }), {
      x: Float64Array.of(0.3),
      y: Float64Array.of(1.5),
    });
    const d2 = 1.2 ** 2;
    expect(v).toBeCloseTo(2 * (1 - Math.exp(-d2 / 0.5)) + 2 * (1 - Math.exp(-d2 / 8)), 12);
  });

  it('matches a plain-JS double loop, is zero for identical samples and grows with a shift', async () => {
    const rng = new Rng(4);
    const x = Float64Array.from({ length: 40 * 3 }, () => rng.normal());
    const y = Float64Array.from({ length: 30 * 3 }, () => rng.normal() + 0.3);
    const scales = [0.2, 1, 3];
    const k = (a: Float64Array, i: number, b: Float64Array, j: number) => {
      let d = 0;
      for (let c = 0; c < 3; c++) d += (a[i * 3 + c] - b[j * 3 + c]) ** 2;
      return scales.reduce((s, h) => s + Math.exp(-d / (2 * h * h)), 0);
    };
    const mean = (a: Float64Array, b: Float64Array) => {
      let s = 0;
      for (let i = 0; i < a.length / 3; i++) for (let j = 0; j < b.length / 3; j++) s += k(a, i, b, j);
      return s / ((a.length / 3) * (b.length / 3));
    };
    const build = (g: Graph) => mmdRbf(g.input('x', ['N', 3]), g.input('y', ['M', 3]), { scales });
    expect(await value(build, { x, y })).toBeCloseTo(mean(x, x) + mean(y, y) - 2 * mean(x, y), 10);
    expect(Math.abs(await value(build, { x, y: x }))).toBeLessThan(1e-12);
    const far = y.map((v) => v + 1);
    expect(await value(build, { x, y: far })).toBeGreaterThan(await value(build, { x, y }));
  });

  it('gradients match finite differences in both samples', async () => {
    const report = await gradCheck({
      name: 'mmd',
      ops: [],
      inputs: { x: { dims: [5, 2], shape: ['N', 2] }, y: { dims: [4, 2], shape: ['M', 2] } },
      build: ({ x, y }) => mmdRbf(x, y, { scales: [0.5, 1.5] }),
    });
    expect(report.failures).toEqual([]);
  });
});

describe('sliced Wasserstein', () => {
  it('1-D known value: sorted pairs', async () => {
    const build = (g: Graph) => slicedWasserstein(g.input('x', ['N', 1]), g.input('y', ['N', 1]), g.constant([1], [1, 1], 'float64'));
    expect(await value(build, { x: Float64Array.of(2, 0, 1), y: Float64Array.of(3, 1, 2) })).toBeCloseTo(1, 12);
    expect(await value(build, { x: Float64Array.of(5, -1, 2), y: Float64Array.of(2, 5, -1) })).toBe(0);
  });

  it('a pure shift by s along a unit direction e: mean over θ of (θ·s e)² = s²/D for isotropic θ', async () => {
    const rng = new Rng(2);
    const D = 3;
    const P = 4000;
    const theta = Float64Array.from(randomDirections(rng, D, P));
    const x = Float64Array.from({ length: 50 * D }, () => rng.normal());
    const y = x.map((v, i) => (i % D === 0 ? v + 0.7 : v));
    const build = (g: Graph) => slicedWasserstein(g.input('x', ['N', D]), g.input('y', ['N', D]), g.input('theta', [D, P]));
    expect(await value(build, { x, y, theta })).toBeCloseTo(0.49 / D, 2);
    expect(await value(build, { x, y: x, theta })).toBe(0);
  });

  it('gradients match finite differences (through the sort)', async () => {
    const report = await gradCheck({
      name: 'sliced wasserstein',
      ops: [],
      inputs: { x: { dims: [6, 2], shape: ['N', 2] }, y: { dims: [6, 2], shape: ['N', 2] }, theta: { dims: [2, 3] } },
      build: ({ x, y, theta }) => slicedWasserstein(x, y, theta),
    });
    expect(report.failures).toEqual([]);
  });

  it('otLoss selects by name and checks its arguments', () => {
    const g = new Graph();
    const x = g.input('x', ['N', 2]);
    const y = g.input('y', ['N', 2]);
    expect(otLoss('mmd', x, y).shape).toEqual([]);
    expect(() => otLoss('sliced-wasserstein', x, y)).toThrow(/theta/);
    expect(() => otLoss('sinkhorn' as never, x, y)).toThrow(/unknown/);
    expect(() => slicedWasserstein(x, g.input('z', ['M', 2]), g.constant([1, 0], [2, 1]))).toThrow(/one size/);
  });
});
