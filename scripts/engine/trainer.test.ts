import * as ort from 'onnxruntime-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Rng } from '../../src/stats/rng.js';
import { Graph, Trainer, adam, bceWithLogits, decodeCheckpoint, encodeCheckpoint, greater, initParams, mlp, squeeze, type ParamValues } from './index.js';
import { HANDWRITTEN_PARAMS, handwrittenMlpStep } from './testing/handwritten-mlp.js';

/** Two overlapping-free Gaussian blobs in F dimensions, labels 0/1, shuffled with the seeded Rng. */
function blobs(n: number, F: number, seed: number) {
  const rng = new Rng(seed);
  const x = new Float32Array(n * F);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    for (let f = 0; f < F; f++) x[i * F + f] = rng.normal() * 0.7 + (y[i] ? 1.5 : -1.5) * (f === 0 ? 1 : 0.3);
  }
  const order = rng.permutation(n);
  const xs = new Float32Array(n * F);
  const ys = new Float32Array(n);
  order.forEach((j, i) => {
    xs.set(x.subarray(j * F, j * F + F), i * F);
    ys[i] = y[j];
  });
  return { x: xs, y: ys };
}

function classifier(F: number, hidden: number[], activation: 'relu' | 'leaky_relu' = 'leaky_relu') {
  const g = new Graph();
  const x = g.input('x', ['N', F]);
  const y = g.input('y', ['N']);
  const logit = squeeze(mlp(x, { hidden, outputs: 1, activation }), 1);
  const loss = bceWithLogits(logit, y);
  return { g, x, y, logit, loss };
}

async function train(seed: number, steps: number) {
  const { g, loss } = classifier(4, [16, 16]);
  const trainer = await Trainer.create(adam(loss, g.params, { lr: 1e-2 }), initParams(g.params, new Rng(seed)));
  const data = blobs(256, 4, 3);
  const rng = new Rng(seed + 1);
  const batch = 64;
  for (let s = 0; s < steps; s++) {
    // A fresh seeded shuffle per pass, minibatches by index.
    const order = rng.permutation(256);
    const start = (s * batch) % 256;
    const xb = new Float32Array(batch * 4);
    const yb = new Float32Array(batch);
    for (let i = 0; i < batch; i++) {
      const j = order[(start + i) % 256];
      xb.set(data.x.subarray(j * 4, j * 4 + 4), i * 4);
      yb[i] = data.y[j];
    }
    await trainer.step({ x: xb, y: yb });
  }
  const params = trainer.parameters();
  await trainer.release();
  return params;
}

function bytesOf(p: ParamValues): Uint8Array[] {
  return Object.keys(p)
    .sort()
    .map((k) => new Uint8Array(p[k].buffer, p[k].byteOffset, p[k].byteLength));
}

describe('Trainer', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is deterministic: the same seed gives bit-identical weights, another seed does not', async () => {
    const a = await train(5, 40);
    const b = await train(5, 40);
    const c = await train(6, 40);
    expect(bytesOf(a)).toEqual(bytesOf(b));
    expect(bytesOf(a)).not.toEqual(bytesOf(c));
  });

  it('learns a separable problem', async () => {
    const { g, loss, logit } = classifier(2, [16], 'relu');
    const trainer = await Trainer.create(adam(loss, g.params, { lr: 3e-2 }), initParams(g.params, new Rng(1)));
    const train = blobs(400, 2, 10);
    const first = await trainer.step(train);
    let last = first;
    for (let s = 0; s < 150; s++) last = await trainer.step(train);
    expect(last).toBeLessThan(0.2 * first);
    const test = blobs(400, 2, 11);
    const { predicted } = await trainer.evaluate({ predicted: greater(logit, 0) }, { x: test.x });
    const correct = Array.from(predicted.data as Uint8Array).filter((p, i) => p === test.y[i]).length;
    expect(correct / 400).toBeGreaterThan(0.97);
  });

  it('checkpoints: restoring mid-run continues exactly like an uninterrupted run', async () => {
    const { g, loss } = classifier(3, [8]);
    const init = initParams(g.params, new Rng(2));
    const data = blobs(64, 3, 4);
    // One step graph serves several trainers.
    const training = adam(loss, g.params, { lr: 1e-2 });
    const straight = await Trainer.create(training, init);
    for (let s = 0; s < 6; s++) await straight.step(data);

    const first = await Trainer.create(training, init);
    for (let s = 0; s < 3; s++) await first.step(data);
    const bytes = encodeCheckpoint(first.checkpoint());
    // A second optimiser on the same graph reuses the state inputs.
    const resumed = await Trainer.create(adam(loss, g.params, { lr: 1e-2 }), initParams(g.params, new Rng(99)));
    resumed.restore(decodeCheckpoint(bytes));
    expect(resumed.steps).toBe(3);
    for (let s = 0; s < 3; s++) await resumed.step(data);
    expect(bytesOf(resumed.parameters())).toEqual(bytesOf(straight.parameters()));
    expect(resumed.checkpoint().v).toEqual(straight.checkpoint().v);
  });

  it('gives the same numbers as the hand-written ONNX training step', async () => {
    const F = 5;
    const H = 7;
    const { g, loss } = classifier(F, [H], 'relu');
    const init = initParams(g.params, new Rng(8));
    const data = blobs(32, F, 9);
    const trainer = await Trainer.create(adam(loss, g.params, { lr: 1e-2 }), init);
    const session = await ort.InferenceSession.create(handwrittenMlpStep({ features: F, hidden: H, lr: 1e-2 }));
    const shapes: Record<string, number[]> = { 'mlp.0.weight': [F, H], 'mlp.0.bias': [H], 'mlp.1.weight': [H, 1], 'mlp.1.bias': [1] };
    const state: Record<string, Float32Array> = {};
    for (const p of HANDWRITTEN_PARAMS) {
      state[p] = init[p] as Float32Array;
      state[`${p}.adam_m`] = new Float32Array(init[p].length);
      state[`${p}.adam_v`] = new Float32Array(init[p].length);
    }
    for (let s = 0; s < 5; s++) {
      const feeds: Record<string, ort.Tensor> = {
        x: new ort.Tensor('float32', data.x, [32, F]),
        y: new ort.Tensor('float32', data.y, [32]),
        'adam.step': new ort.Tensor('int64', new BigInt64Array([BigInt(s)]), []),
      };
      for (const [k, v] of Object.entries(state)) feeds[k] = new ort.Tensor('float32', v, shapes[k.replace(/\.adam_[mv]$/, '')]);
      const out = await session.run(feeds);
      for (const k of Object.keys(state)) state[k] = out[`${k}.next`].data as Float32Array;
      const engineLoss = await trainer.step(data);
      expect(Math.abs(engineLoss - (out.loss.data as Float32Array)[0])).toBeLessThan(1e-6);
    }
    const params = trainer.parameters();
    for (const p of HANDWRITTEN_PARAMS) {
      params[p].forEach((v, i) => expect(Math.abs(v - state[p][i])).toBeLessThan(1e-6));
    }
  });

  it('falls back to cpu with a warning when a GPU provider cannot load', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { g, loss } = classifier(2, [4]);
    const trainer = await Trainer.create(adam(loss, g.params), initParams(g.params, new Rng(1)), { provider: 'cuda' });
    expect(trainer.provider).toBe('cpu');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/'cuda' failed to load .*falling back to 'cpu'/));
    expect(await trainer.step(blobs(8, 2, 1))).toBeGreaterThan(0);
  });

  it('reports the batch inputs it needs and rejects incomplete batches', async () => {
    const { g, loss } = classifier(3, [4]);
    const trainer = await Trainer.create(adam(loss, g.params), initParams(g.params, new Rng(1)));
    expect(trainer.batchInputs.map((s) => [s.name, s.shape])).toEqual([
      ['x', ['N', 3]],
      ['y', ['N']],
    ]);
    await expect(trainer.step({ x: new Float32Array(6) })).rejects.toThrow(/missing y/);
    await expect(trainer.step({ x: new Float32Array(6), y: new Float32Array(3) })).rejects.toThrow(/expected 2 values/);
  });
});
