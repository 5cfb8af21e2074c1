/**
 * Whole flows: round trips through every kind of layer (with funnels, with and without context),
 * log p(x) = log N(z) + log |det ∂z/∂x|, and densities that integrate to 1 on fine grids.
 */
import { describe, expect, it } from 'vitest';
import { Graph, type FloatArray } from '../engine/index.js';
import { standardNormalLogDensity } from './base.js';
import { couplingFlow, funnelFlow, marginalFlow } from './builders.js';
import { Flow } from './flow.js';
import { Funnel } from './funnel.js';
import { Rng, maxAbsDiff, normalData, randomParams, run } from './testing/harness.js';
import { SplineCoupling } from './transforms/coupling.js';
import { ElementwiseSpline } from './transforms/elementwise.js';
import { LULinear } from './transforms/lu-linear.js';

const net = { hidden: [16], activation: 'tanh' } as const;
const spline = { bins: 6, bound: 3 };
/** Random parameter scale: each layer clearly bent, the stack still well conditioned in float32. */
const PARAM_STD = 0.2;

const flows: [string, (context: number) => Flow][] = [
  ['spline coupling flow', (c) => couplingFlow({ features: 4, contextFeatures: c, coupling: 'spline', layers: 3, net, spline, standardize: { mean: [1, 2, 3, 4], std: [0.5, 2, 1, 1] } })],
  ['affine coupling flow', (c) => couplingFlow({ features: 3, contextFeatures: c, coupling: 'affine', layers: 3, net })],
  ['funnel flow 4 → 3 → 2', (c) => funnelFlow({ features: 4, contextFeatures: c, drops: [1, 1], layersPerStage: 1, net, spline })],
  ['funnel flow 5 → 3 with a Gaussian density', (c) => funnelFlow({ features: 5, contextFeatures: c, drops: [2], layersPerStage: 1, density: 'gaussian', net, spline })],
  ['marginals', (c) => marginalFlow({ features: 3, contextFeatures: c, net, spline })],
];

describe('whole flows', () => {
  for (const [label, make] of flows) {
    for (const C of [0, 2]) {
      it(`${label}, context ${C}: inverse(forward(x)) = x within 1e-4 (float32), log p = log N(z) + logdet`, async () => {
        const flow = make(C);
        const g = new Graph();
        const x = g.input('x', ['N', flow.features]);
        const context = C > 0 ? g.input('context', ['N', C]) : undefined;
        const f = flow.forward(x, context);
        const back = flow.inverse(f.z, context);
        const rng = new Rng(5);
        const n = 64;
        const xs = normalData(n, flow.features, rng, 1.5);
        const feeds: Record<string, FloatArray> = { x: xs };
        if (context) feeds.context = normalData(n, C, rng);
        // Smaller random parameters than for single layers: a stack of strongly bent maps
        // compounds the float32 conditioning of its inverse (trained flows are checked elsewhere).
        const out = await run(g, { z: f.z, ld: f.logdet, back: back.x, ldBack: back.logdet, logp: flow.logProb(x, context) }, feeds, randomParams(g.params, rng, PARAM_STD));
        expect(maxAbsDiff(out.back, xs)).toBeLessThan(1e-4);
        expect(maxAbsDiff(out.ld.map((v, i) => v + out.ldBack[i]), new Float32Array(n))).toBeLessThan(1e-4);
        const D = flow.features;
        for (let e = 0; e < n; e++) {
          const direct = standardNormalLogDensity(out.z.subarray(e * D, (e + 1) * D)) + out.ld[e];
          expect(Math.abs(out.logp[e] - direct)).toBeLessThan(1e-4 * Math.max(1, Math.abs(direct)));
        }
      });
    }
  }

  it('rejects layers whose sizes do not chain', () => {
    expect(() => new Flow({ features: 3, layers: [new LULinear({ name: 'a', features: 2 })] })).toThrow(/takes 2 features where 3 arrive/);
    expect(
      () => new Flow({ features: 3, layers: [new Funnel({ name: 'f', features: 3, drop: 1 }), new LULinear({ name: 'b', features: 3 })] }),
    ).toThrow(/takes 3 features where 2 arrive/);
  });
});

/** Σ p(x) ΔV over a regular grid: ≈ 1 when the density is normalised and the grid covers its mass. */
async function gridMass(flow: Flow, axes: Float64Array[], context?: number[]): Promise<number> {
  const D = axes.length;
  const g = new Graph({ dtype: 'float64' });
  const x = g.input('x', ['N', D]);
  const c = context ? g.input('context', ['N', context.length]) : undefined;
  const logp = flow.logProb(x, c);
  const total = axes.reduce((a, ax) => a * ax.length, 1);
  const xs = new Float64Array(total * D);
  for (let i = 0; i < total; i++) {
    let rest = i;
    for (let j = D - 1; j >= 0; j--) {
      xs[i * D + j] = axes[j][rest % axes[j].length];
      rest = Math.floor(rest / axes[j].length);
    }
  }
  const feeds: Record<string, FloatArray> = { x: xs };
  if (c) feeds.context = Float64Array.from({ length: total * context!.length }, (_, k) => context![k % context!.length]);
  const out = await run(g, { logp }, feeds, randomParams(g.params, new Rng(9), PARAM_STD));
  const cell = axes.reduce((a, ax) => a * (ax[1] - ax[0]), 1);
  return Array.from(out.logp).reduce((s, v) => s + Math.exp(v), 0) * cell;
}

const grid = (lo: number, hi: number, n: number) => Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / n);

describe('densities integrate to 1', () => {
  it('1-D: elementwise splines with linear tails and an LU scale (within 1e-4)', async () => {
    const flow = new Flow({
      features: 1,
      layers: [
        new ElementwiseSpline({ name: 'a', features: 1, spline: { bins: 8, bound: 2, tails: 'linear' } }),
        new LULinear({ name: 'lu', features: 1 }),
        new ElementwiseSpline({ name: 'b', features: 1, spline: { bins: 5, bound: 3 } }),
      ],
    });
    expect(Math.abs((await gridMass(flow, [grid(-25, 25, 50000)])) - 1)).toBeLessThan(1e-4);
  });

  it('2-D: a conditional spline flow at a fixed context (within 1e-3)', async () => {
    const flow = couplingFlow({ features: 2, contextFeatures: 1, coupling: 'spline', layers: 2, net, spline: { bins: 6, bound: 2.5 } });
    const mass = await gridMass(flow, [grid(-9, 9, 360), grid(-9, 9, 360)], [0.7]);
    expect(Math.abs(mass - 1)).toBeLessThan(1e-3);
  });

  it('2-D: a funnel 2 → 1 with a conditional spline density (within 1e-3)', async () => {
    const flow = new Flow({
      features: 2,
      layers: [
        new SplineCoupling({ name: 'c', features: 2, net, spline: { bins: 6, bound: 2.5 } }),
        new Funnel({ name: 'f', features: 2, drop: 1, net, spline: { bins: 6, bound: 2.5 } }),
        new ElementwiseSpline({ name: 'e', features: 1, spline: { bins: 4, bound: 2 } }),
      ],
    });
    const mass = await gridMass(flow, [grid(-9, 9, 360), grid(-9, 9, 360)]);
    expect(Math.abs(mass - 1)).toBeLessThan(1e-3);
  });
});
