/**
 * The rational-quadratic spline on its own (elementwise, free parameters): inversion, log-slopes
 * against finite differences, the identity at zero, the tails, and inputs entirely outside the
 * bound (finite values, log-prob and gradients).
 */
import { describe, expect, it } from 'vitest';
import { Graph, grad, reduceSum } from '../engine/index.js';
import { logdetVsFiniteDifferences, roundTrip } from './testing/checks.js';
import { Rng, randomParams, run } from './testing/harness.js';
import { ElementwiseSpline } from './transforms/elementwise.js';
import { Flow } from './flow.js';
import { SplineCoupling } from './transforms/coupling.js';

const tails = ['identity', 'linear'] as const;

describe('rational-quadratic spline', () => {
  for (const t of tails) {
    it(`${t} tails: inverse(forward(x)) = x within 1e-4 in float32, logdets cancel`, async () => {
      const layer = new ElementwiseSpline({ name: 's', features: 3, spline: { bins: 8, bound: 3, tails: t } });
      const r = await roundTrip(layer, { features: 3, n: 256, scale: 2.5, paramStd: 1 });
      expect(r.maxError).toBeLessThan(1e-4);
      expect(r.maxLogdetSum).toBeLessThan(1e-4);
      // Some inputs were outside [-3, 3], and the map moved the inside ones.
      expect(Array.from(r.x).some((v) => Math.abs(v) > 3)).toBe(true);
      expect(Math.max(...Array.from(r.y, (v, i) => Math.abs(v - r.x[i])))).toBeGreaterThan(0.05);
    });

    it(`${t} tails: log-slope equals the finite-difference derivative (float64)`, async () => {
      const layer = new ElementwiseSpline({ name: 's', features: 2, spline: { bins: 5, bound: 2, tails: t } });
      const { maxError } = await logdetVsFiniteDifferences(layer, { features: 2, n: 12, scale: 1.5, paramStd: 1 });
      expect(maxError).toBeLessThan(1e-6);
    });
  }

  it('zero parameters give the identity with log-det 0', async () => {
    const layer = new ElementwiseSpline({ name: 's', features: 2, spline: { bins: 6, bound: 4, tails: 'linear' } });
    const r = await roundTrip(layer, { features: 2, n: 64, params: 'zero', scale: 3 });
    expect(Math.max(...Array.from(r.y, (v, i) => Math.abs(v - r.x[i])))).toBeLessThan(1e-5);
    expect(Math.max(...Array.from(r.logdetForward, Math.abs))).toBeLessThan(1e-5);
  });

  it('is monotonic, maps [-B, B] onto itself and is continuous at the bound with linear tails', async () => {
    const B = 2;
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', ['N', 1]);
    const layer = new ElementwiseSpline({ name: 's', features: 1, spline: { bins: 7, bound: B, tails: 'linear' } });
    const { y } = layer.forward(x);
    const grid = Float64Array.from({ length: 801 }, (_, i) => -4 + (8 * i) / 800);
    const eps = 1e-9;
    const edges = Float64Array.from([-B - eps, -B, -B + eps, B - eps, B, B + eps]);
    const out = await run(g, { y }, { x: Float64Array.from([...grid, ...edges]) }, randomParams(g.params, new Rng(3), 1));
    const ys = Array.from(out.y);
    for (let i = 1; i < grid.length; i++) expect(ys[i]).toBeGreaterThan(ys[i - 1]);
    const at = (v: number) => ys[grid.length + Array.from(edges).indexOf(v)];
    expect(at(-B)).toBeCloseTo(-B, 12);
    expect(at(B)).toBeCloseTo(B, 12);
    expect(Math.abs(at(-B - eps) - at(-B + eps))).toBeLessThan(1e-7);
    expect(Math.abs(at(B - eps) - at(B + eps))).toBeLessThan(1e-7);
  });

  it('a batch entirely outside the tail bound gives finite outputs, log-prob and gradients', async () => {
    for (const t of tails) {
      const flow = new Flow({
        features: 2,
        layers: [
          new SplineCoupling({ name: 'c0', features: 2, spline: { bins: 4, bound: 1, tails: t } }),
          new ElementwiseSpline({ name: 'e0', features: 2, spline: { bins: 4, bound: 1, tails: t } }),
        ],
      });
      const g = new Graph();
      const x = g.input('x', ['N', 2]);
      const logp = flow.logProb(x);
      const sample = flow.sample(x);
      const loss = reduceSum(logp);
      const grads = grad(loss, [x, ...g.params]);
      const outputs = Object.fromEntries([['logp', logp], ['sample', sample], ...grads.map((t, i) => [`g${i}`, t] as const)]);
      const far = Float32Array.from([5, -7, -30, 12, 1e3, -1e3, -2, 2, 1.5, -1.0001]);
      const out = await run(g, outputs, { x: far }, randomParams(g.params, new Rng(4), 1));
      for (const [name, values] of Object.entries(out)) {
        expect(Array.from(values).every(Number.isFinite), `${t} tails: ${name} has non-finite values`).toBe(true);
      }
      if (t === 'identity') {
        // Outside the bound both layers are the identity: log p = log N(x).
        const logN = (a: number, b: number) => -0.5 * (a * a + b * b) - Math.log(2 * Math.PI);
        expect(out.logp[0]).toBeCloseTo(logN(5, -7), 3);
      }
    }
  });
});
