/**
 * Maximum-likelihood training on distributions with known densities: the held-out NLL must come
 * within a stated tolerance of the true NLL (the mean −log p_true of the same held-out events), and
 * a conditional flow must learn a transport between contexts.
 */
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/formats/matrix.js';
import { Graph } from '../engine/index.js';
import { couplingFlow } from './builders.js';
import { Rng, run } from './testing/harness.js';
import { fitFlow } from './train.js';

const LOG_2PI = Math.log(2 * Math.PI);
const logNormal = (v: number, mean: number, sd: number) => -0.5 * ((v - mean) / sd) ** 2 - Math.log(sd) - 0.5 * LOG_2PI;

/** A banana: x0 ~ N(0, 1), x1 | x0 ~ N(x0²/2 − 1/2, 0.5²). */
function banana(n: number, rng: Rng): Matrix {
  const data = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    data[2 * i] = a;
    data[2 * i + 1] = 0.5 * a * a - 0.5 + 0.5 * rng.normal();
  }
  return { rows: n, cols: 2, data };
}

function bananaNll(m: Matrix): number {
  let s = 0;
  for (let i = 0; i < m.rows; i++) {
    const a = m.data[2 * i];
    s -= logNormal(a, 0, 1) + logNormal(m.data[2 * i + 1], 0.5 * a * a - 0.5, 0.5);
  }
  return s / m.rows;
}

describe('maximum-likelihood training', () => {
  it('a spline flow on a 2-D banana reaches the true NLL within 0.03 nats (held out)', async () => {
    const rng = new Rng(21);
    const train = banana(4000, rng);
    const valid = banana(2000, rng);
    const flow = couplingFlow({ features: 2, coupling: 'spline', layers: 3, net: { hidden: [32] }, spline: { bins: 8, bound: 4 } });
    const fit = await fitFlow(flow, { x: train }, { epochs: 15, batch: 256, lr: 5e-3, seed: 1, validation: { x: valid } });
    const modelNll = fit.history[fit.bestEpoch - 1].validationNll!;
    const gap = modelNll - bananaNll(valid);
    // Gibbs' inequality: the model cannot beat the truth beyond the sampling noise of 2000 events.
    expect(gap).toBeGreaterThan(-0.01);
    expect(gap).toBeLessThan(0.03);
    expect(fit.history[0].trainNll).toBeGreaterThan(modelNll);
  });

  it('a conditional flow learns x | c and transports events between contexts', async () => {
    // x0 = c + 0.5·ε0, x1 = c²/2 + 0.3·ε1 with c ~ U(−1.5, 1.5): moving from c = a to c = b shifts
    // x by (b − a, (b² − a²)/2) exactly.
    const rng = new Rng(5);
    const make = (n: number) => {
      const x = new Float32Array(2 * n);
      const c = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        c[i] = -1.5 + 3 * rng.uniform();
        x[2 * i] = c[i] + 0.5 * rng.normal();
        x[2 * i + 1] = 0.5 * c[i] * c[i] + 0.3 * rng.normal();
      }
      return { x: { rows: n, cols: 2, data: x }, context: { rows: n, cols: 1, data: c } };
    };
    const train = make(4000);
    const valid = make(1000);
    const trueNll =
      -valid.x.data.reduce((s, _, k) => (k % 2 === 0 ? s + logNormal(valid.x.data[k], valid.context.data[k / 2], 0.5) : s + logNormal(valid.x.data[k], 0.5 * valid.context.data[(k - 1) / 2] ** 2, 0.3)), 0) /
      valid.x.rows;
    const flow = couplingFlow({ features: 2, contextFeatures: 1, coupling: 'affine', layers: 2, net: { hidden: [32] } });
    const fit = await fitFlow(flow, train, { epochs: 15, batch: 256, lr: 5e-3, seed: 2, validation: valid });
    expect(fit.history[fit.bestEpoch - 1].validationNll! - trueNll).toBeLessThan(0.05);

    const g = new Graph();
    const x = g.input('x', ['N', 2]);
    const from = g.input('from', ['N', 1]);
    const to = g.input('to', ['N', 1]);
    const { y } = flow.transport(x, from, to);
    // Transported events must follow p(x | to): residuals from the conditional means with the
    // conditional spreads. (Per event the transport is not unique: any rotation of the latent
    // leaves the density unchanged, so only the distribution is checked.)
    const n = 2000;
    const events = make(n);
    const target = Float32Array.from(events.context.data, (c) => c + 0.5);
    const out = await run(g, { y }, { x: events.x.data, from: events.context.data, to: target }, fit.params);
    const residuals = [0, 1].map((j) => Array.from({ length: n }, (_, i) => out.y[2 * i + j] - (j === 0 ? target[i] : 0.5 * target[i] ** 2)));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const sd = (v: number[]) => Math.sqrt(mean(v.map((r) => (r - mean(v)) ** 2)));
    expect(Math.abs(mean(residuals[0]))).toBeLessThan(0.05);
    expect(Math.abs(mean(residuals[1]))).toBeLessThan(0.05);
    expect(Math.abs(sd(residuals[0]) - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(sd(residuals[1]) - 0.3)).toBeLessThan(0.05);
  });
});
