/**
 * Export round trip: the exported inference model (raw float32 features in) agrees with the
 * training graph's forward pass on standardised features, and its input gradient agrees with
 * finite differences of its own score.
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/stats/rng.js';
import { Graph, Trainer, adam, bceWithLogits, exportClassifier, initParams, mlp, sigmoid, squeeze, type MlpSpec } from './index.js';

const F = 4;
const spec: MlpSpec = { hidden: [12], outputs: 1, activation: 'leaky_relu', leakySlope: 0.05 };
const mean = [10, -3, 0.5, 100];
const std = [2, 0.5, 1, 20];

/** Raw features with per-feature offsets and scales, labels from a nonlinear rule. */
function rawData(n: number, seed: number) {
  const rng = new Rng(seed);
  const raw = new Float32Array(n * F);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < F; f++) raw[i * F + f] = mean[f] + std[f] * rng.normal();
    const z = (raw[i * F] - mean[0]) / std[0];
    const w = (raw[i * F + 1] - mean[1]) / std[1];
    y[i] = z * w + 0.3 * rng.normal() > 0 ? 1 : 0;
  }
  return { raw, y };
}

function standardise(raw: Float32Array): Float32Array {
  return raw.map((v, i) => (v - mean[i % F]) / std[i % F]);
}

describe('exportClassifier', async () => {
  const g = new Graph();
  const x = g.input('x', ['N', F]);
  const logit = squeeze(mlp(x, spec), 1);
  const trainer = await Trainer.create(adam(bceWithLogits(logit, g.input('y', ['N'])), g.params, { lr: 2e-2 }), initParams(g.params, new Rng(3)));
  const train = rawData(512, 1);
  const xTrain = standardise(train.raw);
  for (let s = 0; s < 60; s++) await trainer.step({ x: xTrain, y: train.y });

  const bytes = exportClassifier((xs) => mlp(xs, spec), trainer.parameters(), {
    features: F,
    standardize: { mean, std },
    outputs: ['score', 'grad', 'logit'],
    metadata: { model: 'test' },
  });
  const session = await ort.InferenceSession.create(bytes);
  const test = rawData(16, 2);
  const run = async (raw: Float32Array) => session.run({ x: new ort.Tensor('float32', raw, [raw.length / F, F]) });

  it('has the edge contract: x float32 [N, F] -> score [N], grad [N, F], logit [N]', async () => {
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['score', 'grad', 'logit']);
    const r = await run(test.raw);
    expect(r.score.dims).toEqual([16]);
    expect(r.grad.dims).toEqual([16, F]);
    expect(r.score.type).toBe('float32');
  });

  it('scores like the training graph on standardised features', async () => {
    const r = await run(test.raw);
    const { score } = await trainer.evaluate({ score: sigmoid(logit) }, { x: standardise(test.raw) });
    const exported = r.score.data as Float32Array;
    exported.forEach((s, i) => expect(Math.abs(s - (score.data as Float32Array)[i])).toBeLessThan(1e-6));
    // The model is not trivially constant.
    expect(Math.max(...exported) - Math.min(...exported)).toBeGreaterThan(0.3);
  });

  it('returns d logit / d raw x, matching finite differences of the exported score', async () => {
    const r = await run(test.raw);
    const score = r.score.data as Float32Array;
    const gradient = r.grad.data as Float32Array;
    let kinks = 0;
    for (let i = 0; i < 16; i++) {
      for (let f = 0; f < F; f++) {
        // A step of 1e-3 standard deviations: small against the network's kinks, large against float32 rounding.
        const plus = test.raw.slice();
        const minus = test.raw.slice();
        plus[i * F + f] += 1e-3 * std[f];
        minus[i * F + f] -= 1e-3 * std[f];
        const sp = ((await run(plus)).score.data as Float32Array)[i];
        const sm = ((await run(minus)).score.data as Float32Array)[i];
        const forward = (sp - score[i]) / (plus[i * F + f] - test.raw[i * F + f]);
        const backward = (score[i] - sm) / (test.raw[i * F + f] - minus[i * F + f]);
        const tol = 2e-4 / std[f];
        // A leaky-ReLU kink inside the interval makes the one-sided slopes disagree: skip it.
        if (Math.abs(forward - backward) > tol + 0.02 * Math.abs(forward)) {
          kinks++;
          continue;
        }
        const numeric = (sp - sm) / (plus[i * F + f] - minus[i * F + f]);
        const analytic = score[i] * (1 - score[i]) * gradient[i * F + f];
        expect(Math.abs(analytic - numeric), `event ${i} feature ${f}`).toBeLessThan(tol + 1e-2 * Math.abs(numeric));
      }
    }
    expect(kinks).toBeLessThanOrEqual(3);
  });

  it('grad is with respect to the raw input: the standardisation is folded in', async () => {
    const plain = exportClassifier((xs) => mlp(xs, spec), trainer.parameters(), { features: F, outputs: ['grad'] });
    const s = await ort.InferenceSession.create(plain);
    const standardised = standardise(test.raw);
    const gStd = (await s.run({ x: new ort.Tensor('float32', standardised, [16, F]) })).grad.data as Float32Array;
    const gRaw = (await run(test.raw)).grad.data as Float32Array;
    gRaw.forEach((v, k) => expect(Math.abs(v - gStd[k] / std[k % F])).toBeLessThan(1e-5));
  });

  it('gives the same numbers in onnxruntime-web (the edge runtime, wasm)', async () => {
    const web = await import('onnxruntime-web');
    web.env.wasm.numThreads = 1;
    const edge = await web.InferenceSession.create(bytes);
    const atEdge = await edge.run({ x: new web.Tensor('float32', test.raw, [16, F]) });
    const offline = await run(test.raw);
    for (const name of ['score', 'grad', 'logit']) {
      const a = atEdge[name].data as Float32Array;
      const b = offline[name].data as Float32Array;
      a.forEach((v, k) => expect(Math.abs(v - b[k]), `${name}[${k}]`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b[k]))));
    }
  });

  it('rejects missing parameters and non-positive standard deviations', () => {
    const params = trainer.parameters();
    delete params['mlp.1.bias'];
    expect(() => exportClassifier((xs) => mlp(xs, spec), params, { features: F })).toThrow(/mlp\.1\.bias/);
    expect(() => exportClassifier((xs) => mlp(xs, spec), trainer.parameters(), { features: F, standardize: { mean, std: [1, 0, 1, 1] } })).toThrow(
      /positive/,
    );
  });
});
