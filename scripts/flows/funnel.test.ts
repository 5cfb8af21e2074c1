/**
 * Funnel layers: the dropped features come back exactly from their noise, and a funnel model's
 * likelihood is the sum of its parts — checked against an independent plain-JS computation from
 * the parameter values on a small case.
 */
import { describe, expect, it } from 'vitest';
import { Graph } from '../engine/index.js';
import { standardNormalLogDensity } from './base.js';
import { Flow } from './flow.js';
import { Funnel } from './funnel.js';
import { Rng, maxAbsDiff, normalData, randomParams, run } from './testing/harness.js';
import { LULinear } from './transforms/lu-linear.js';

describe('funnel layer', () => {
  for (const density of ['gaussian', 'spline'] as const) {
    for (const C of [0, 2]) {
      it(`${density} density, context ${C}: inverse(kept, noise) = x within 1e-4 (float32)`, async () => {
        const funnel = new Funnel({ name: 'f', features: 4, drop: 2, contextFeatures: C, density, net: { hidden: [8], activation: 'tanh' }, spline: { bins: 5, bound: 3 } });
        const g = new Graph();
        const x = g.input('x', ['N', 4]);
        const context = C > 0 ? g.input('context', ['N', C]) : undefined;
        const f = funnel.forward(x, context);
        const back = funnel.inverse(f.kept, f.noise, context);
        const rng = new Rng(7);
        const xs = normalData(64, 4, rng, 2);
        const feeds: Record<string, Float32Array> = { x: xs as Float32Array };
        if (context) feeds.context = normalData(64, C, rng) as Float32Array;
        const out = await run(g, { back: back.x, ld: f.logdet, ldBack: back.logdet, kept: f.kept }, feeds, randomParams(g.params, rng, 0.3));
        expect(maxAbsDiff(out.back, xs)).toBeLessThan(1e-4);
        expect(maxAbsDiff(out.ld.map((v, i) => v + out.ldBack[i]), new Float32Array(64))).toBeLessThan(1e-4);
        expect(Array.from(out.kept.subarray(0, 2))).toEqual(Array.from(xs.subarray(0, 2)));
      });
    }
  }

  it('rejects dropping everything', () => {
    expect(() => new Funnel({ name: 'f', features: 2, drop: 2 })).toThrow(/keep at least one/);
  });
});

describe('funnel model likelihood', () => {
  it('equals log|det A| + log N(kept) + log p(dropped | kept) computed independently in plain JS', async () => {
    // x [3] → LU linear y = A x + b → funnel keeps y0, y1 and models y2 | y0, y1, context as a
    // Gaussian whose shift and log-scale are linear in (y0, y1, c).
    const scaleBound = 3;
    const flow = new Flow({
      features: 3,
      contextFeatures: 1,
      layers: [
        new LULinear({ name: 'lu', features: 3 }),
        new Funnel({ name: 'f', features: 3, drop: 1, contextFeatures: 1, density: 'gaussian', net: { hidden: [] } }),
      ],
    });
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', ['N', 3]);
    const c = g.input('context', ['N', 1]);
    const parts = flow.logProbParts(x, c);
    const rng = new Rng(11);
    const p = randomParams(g.params, rng, 0.5);
    const n = 16;
    const xs = normalData(n, 3, rng, 1.5, 'float64');
    const cs = normalData(n, 1, rng, 1, 'float64');
    const out = await run(g, { logp: flow.logProb(x, c), base: parts.base, lu: parts.layers.lu, funnel: parts.layers.f }, { x: xs, context: cs }, p);

    const A = [0, 1, 2].map((i) =>
      [0, 1, 2].map((j) => {
        let s = 0;
        for (let k = 0; k < 3; k++) {
          const l = i === k ? 1 : i > k ? p['lu.lower'][i * 3 + k] : 0;
          const u = k === j ? Math.exp(p['lu.log_diagonal'][k]) : k < j ? p['lu.upper'][k * 3 + j] : 0;
          s += l * u;
        }
        return s;
      }),
    );
    const logDetA = Array.from(p['lu.log_diagonal']).reduce((s, v) => s + v, 0);
    const W = p['f.density.affine.net.0.weight']; // [3 inputs (y0, y1, c), 2 outputs (shift, raw scale)]
    const bias = p['f.density.affine.net.0.bias'];
    for (let e = 0; e < n; e++) {
      const xe = [0, 1, 2].map((j) => xs[e * 3 + j]);
      const y = A.map((row, i) => row.reduce((s, a, j) => s + a * xe[j], 0) + p['lu.bias'][i]);
      const inputs = [y[0], y[1], cs[e]];
      const [shift, raw] = [0, 1].map((o) => inputs.reduce((s, v, i) => s + v * W[i * 2 + o], bias[o]));
      const logScale = scaleBound * Math.tanh(raw / scaleBound);
      const noise = y[2] * Math.exp(logScale) + shift;
      const logDropped = standardNormalLogDensity([noise]) + logScale;
      const logKept = standardNormalLogDensity([y[0], y[1]]);
      expect(out.lu[e]).toBeCloseTo(logDetA, 12);
      expect(out.funnel[e]).toBeCloseTo(logDropped, 10);
      expect(out.base[e]).toBeCloseTo(logKept, 10);
      expect(out.logp[e]).toBeCloseTo(logDetA + logKept + logDropped, 10);
    }
  });
});
