/**
 * The emitted Adam/AdamW step against a plain-JS reference on a small least-squares problem,
 * with weight decay, gradient clipping and a fed learning rate.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/stats/rng.js';
import { type FloatDType, Graph, Trainer, adam, adamW, add, gemm, meanSquaredError, type AdamOptions } from './index.js';

const N = 6;
const F = 3;
const K = 2;

/**
 * Data and initial weights of the problem pred = x·W + b, loss = mean((pred − t)²). Values are
 * float32-representable so that a float32 run starts from exactly the reference's numbers.
 */
function problem() {
  const rng = new Rng(11);
  const draw = (n: number) => Float64Array.from({ length: n }, () => Math.fround(rng.normal()));
  return { x: draw(N * F), t: draw(N * K), W: draw(F * K), b: draw(K) };
}

/** Loss and gradients of the least-squares problem, by hand. */
function lossAndGrads(x: Float64Array, t: Float64Array, W: Float64Array, b: Float64Array) {
  const d = new Float64Array(N * K);
  let loss = 0;
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      let p = b[k];
      for (let f = 0; f < F; f++) p += x[n * F + f] * W[f * K + k];
      d[n * K + k] = p - t[n * K + k];
      loss += d[n * K + k] ** 2;
    }
  }
  const scale = 2 / (N * K);
  const gW = new Float64Array(F * K);
  const gb = new Float64Array(K);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      gb[k] += scale * d[n * K + k];
      for (let f = 0; f < F; f++) gW[f * K + k] += scale * x[n * F + f] * d[n * K + k];
    }
  }
  return { loss: loss / (N * K), grads: [gW, gb] };
}

interface RefOptions {
  lr: number[];
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  decoupled?: boolean;
  clipNorm?: number;
}

/** Plain-JS Adam/AdamW (PyTorch's formulas) for `steps` steps; returns per-step losses and final weights. */
function referenceAdam(opts: RefOptions, steps: number) {
  const { x, t, W, b } = problem();
  const params = [W.slice(), b.slice()];
  const m = params.map((p) => new Float64Array(p.length));
  const v = params.map((p) => new Float64Array(p.length));
  const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0, decoupled = false } = opts;
  const losses: number[] = [];
  const norms: number[] = [];
  for (let step = 1; step <= steps; step++) {
    const lr = opts.lr[step - 1];
    const { loss, grads } = lossAndGrads(x, t, params[0], params[1]);
    losses.push(loss);
    const norm = Math.sqrt(grads.reduce((s, g) => s + g.reduce((a, e) => a + e * e, 0), 0));
    norms.push(norm);
    const clip = opts.clipNorm === undefined ? 1 : Math.min(1, opts.clipNorm / (norm + 1e-6));
    params.forEach((p, i) => {
      for (let j = 0; j < p.length; j++) {
        let g = grads[i][j] * clip;
        if (!decoupled) g += weightDecay * p[j];
        else p[j] *= 1 - lr * weightDecay;
        m[i][j] = beta1 * m[i][j] + (1 - beta1) * g;
        v[i][j] = beta2 * v[i][j] + (1 - beta2) * g * g;
        const mHat = m[i][j] / (1 - beta1 ** step);
        const vHat = v[i][j] / (1 - beta2 ** step);
        p[j] -= (lr * mHat) / (Math.sqrt(vHat) + eps);
      }
    });
  }
  return { losses, norms, W: params[0], b: params[1] };
}

async function engineAdam(dtype: FloatDType, build: typeof adam, options: AdamOptions, lrs: number[]) {
  const { x, t, W, b } = problem();
  const g = new Graph({ dtype });
  const xs = g.input('x', ['N', F]);
  const ts = g.input('t', ['N', K]);
  const w = g.param('W', [F, K]);
  const bias = g.param('b', [K]);
  const loss = meanSquaredError(add(gemm(xs, w), bias), ts);
  const trainer = await Trainer.create(build(loss, [w, bias], options), { W, b });
  const cast = (a: Float64Array) => (dtype === 'float32' ? Float32Array.from(a) : a);
  const losses: number[] = [];
  const norms: number[] = [];
  for (const lr of lrs) {
    losses.push(await trainer.step({ x: cast(x), t: cast(t) }, { lr }));
    if (trainer.lastOutputs.grad_norm) norms.push(trainer.lastOutputs.grad_norm.data[0] as number);
  }
  const params = trainer.parameters();
  const out = { losses, norms, W: params.W, b: params.b, steps: trainer.steps };
  await trainer.release();
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `element ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i])));
  }
}

const STEPS = 8;
const fixedLr = Array(STEPS).fill(0.05);

describe('Adam matches a plain-JS reference', () => {
  const variants: [string, typeof adam, AdamOptions, RefOptions][] = [
    ['adam', adam, { lr: 0.05 }, { lr: fixedLr }],
    ['adam, custom betas/eps', adam, { lr: 0.05, beta1: 0.8, beta2: 0.99, eps: 1e-6 }, { lr: fixedLr, beta1: 0.8, beta2: 0.99, eps: 1e-6 }],
    ['adam with L2 weight decay', adam, { lr: 0.05, weightDecay: 0.1 }, { lr: fixedLr, weightDecay: 0.1 }],
    ['adamW (decoupled weight decay)', adamW, { lr: 0.05, weightDecay: 0.1 }, { lr: fixedLr, weightDecay: 0.1, decoupled: true }],
    ['adam with global-norm clipping', adam, { lr: 0.05, clipNorm: 0.3 }, { lr: fixedLr, clipNorm: 0.3 }],
    ['adam with lr fed per step', adam, { lr: 'input' }, { lr: [0.1, 0.05, 0.02, 0.2, 0.01, 0.05, 0.1, 0.03] }],
  ];
  for (const [name, build, options, ref] of variants) {
    for (const dtype of ['float64', 'float32'] as const) {
      it(`${name} (${dtype})`, async () => {
        const expected = referenceAdam(ref, STEPS);
        const got = await engineAdam(dtype, build, options, ref.lr);
        const tol = dtype === 'float64' ? 1e-12 : 1e-6;
        expect(got.steps).toBe(STEPS);
        expectClose(got.losses, expected.losses, tol);
        expectClose(got.W, expected.W, tol);
        expectClose(got.b, expected.b, tol);
        if (options.clipNorm !== undefined) expectClose(got.norms, expected.norms, tol);
      });
    }
  }

  it('clipping is active in the clipped case and a no-op above the gradient norm', async () => {
    const clipped = referenceAdam({ lr: fixedLr, clipNorm: 0.3 }, STEPS);
    const free = referenceAdam({ lr: fixedLr }, STEPS);
    expect(clipped.norms[0]).toBeGreaterThan(0.3); // so the clipped test did clip
    const loose = await engineAdam('float64', adam, { lr: 0.05, clipNorm: 1e6 }, fixedLr);
    expectClose(loose.W, free.W, 1e-12);
  });

  it('a graph that takes lr as an input refuses to step without one', async () => {
    const g = new Graph();
    const w = g.param('w', [2]);
    const trainer = await Trainer.create(adam(meanSquaredError(w, g.constant([1, 2], [2])), [w], { lr: 'input' }), { w: new Float32Array(2) });
    await expect(trainer.step({})).rejects.toThrow(/pass \{ lr \}/);
  });
});
