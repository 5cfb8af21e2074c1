import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/stats/rng.js';
import { Graph, Trainer, adam, bceWithLogits, initParams, mlp, squeeze, type ParamValues } from './index.js';
import { emitStepLoop } from './loop.js';
import { decodeModelSummary } from './testing/model-summary.js';

/** A small classifier step with extras and clipping, so every kind of Loop output is exercised. */
function problem(F = 6, hidden = [12, 8]) {
  const g = new Graph();
  const x = g.input('x', ['N', F]);
  const y = g.input('y', ['N']);
  const logit = squeeze(mlp(x, { hidden, outputs: 1, activation: 'leaky_relu' }), 1);
  const loss = bceWithLogits(logit, y);
  return { g, x, y, logit, loss };
}

/** `count` seeded batches of `n` rows (two shifted Gaussian blobs). */
function batches(count: number, n: number, F: number, seed: number) {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const x = new Float32Array(n * F);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = rng.uniform() < 0.5 ? 1 : 0;
      for (let f = 0; f < F; f++) x[i * F + f] = rng.normal() + (y[i] ? 0.6 : -0.6) / (f + 1);
    }
    return { x, y };
  });
}

function maxAbsDiff(a: ParamValues, b: ParamValues): number {
  let worst = 0;
  for (const k of Object.keys(a)) a[k].forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[k][i]))));
  return worst;
}

describe('K optimiser steps per run (ONNX Loop)', () => {
  it('emits a Loop whose body is one training step, with the state carried and per-step outputs stacked', () => {
    const { g, loss, logit } = problem();
    const model = emitStepLoop(adam(loss, g.params, { lr: 1e-2, clipNorm: 1, extras: { logit } }));
    expect(model.inputs.map((s) => [s.name, s.shape])).toEqual([
      ['train.params', [model.inputs[0].shape[0]]],
      ['adam.m', model.inputs[1].shape],
      ['adam.v', model.inputs[2].shape],
      ['adam.step', []],
      ['x', ['steps', 'N', 6]],
      ['y', ['steps', 'N']],
    ]);
    expect(model.outputs.map((s) => s.name)).toEqual(['train.params.next', 'adam.m.next', 'adam.v.next', 'adam.step.next', 'loss', 'grad_norm', 'logit']);
    expect(model.outputs.find((s) => s.name === 'logit')?.shape).toEqual(['steps', 'N']);
    const summary = decodeModelSummary(model.bytes);
    expect(summary.opset).toBe(17);
    expect(summary.nodes).toEqual(['Shape', 'Squeeze', 'Loop']);
    expect(summary.subgraphNodes).toBe(model.bodyNodeCount);
  });

  it('K steps per run match K single steps, and return the loss of every step', async () => {
    const F = 6;
    const { g, loss, logit } = problem(F);
    const training = adam(loss, g.params, { lr: 1e-2, clipNorm: 1, extras: { logit } });
    const init = initParams(g.params, new Rng(3));
    const data = batches(10, 32, F, 4);

    const single = await Trainer.create(training, init);
    const singleLosses: number[] = [];
    for (const b of data) singleLosses.push(await single.step(b));

    const looped = await Trainer.create(training, init, { stepsPerRun: 4 });
    // 10 steps at 4 per run: runs of 4, 4 and 2.
    const loopLosses = await looped.stepMany(data);
    expect(loopLosses).toHaveLength(10);
    loopLosses.forEach((l, i) => expect(Math.abs(l - singleLosses[i])).toBeLessThan(1e-6));
    expect(looped.steps).toBe(10);
    expect(maxAbsDiff(looped.parameters(), single.parameters())).toBeLessThan(1e-6);
    expect(maxAbsDiff(looped.checkpoint().v, single.checkpoint().v)).toBeLessThan(1e-9);
    // Extras are those of the final step, shaped as a single step's.
    expect(looped.lastOutputs.logit.dims).toEqual([32]);
    (looped.lastOutputs.logit.data as Float32Array).forEach((v, i) => expect(Math.abs(v - (single.lastOutputs.logit.data as Float32Array)[i])).toBeLessThan(1e-5));
    expect(Math.abs(Number(looped.lastOutputs.grad_norm.data[0]) - Number(single.lastOutputs.grad_norm.data[0]))).toBeLessThan(1e-5);
    await single.release();
    await looped.release();
  });

  it('groups batches of different sizes into separate runs, and step() is one step', async () => {
    const F = 3;
    const { g, loss } = problem(F, [5]);
    const training = adam(loss, g.params, { lr: 5e-3 });
    const init = initParams(g.params, new Rng(9));
    const data = [...batches(3, 16, F, 1), ...batches(1, 7, F, 2), ...batches(2, 16, F, 3)];
    const single = await Trainer.create(training, init);
    const looped = await Trainer.create(training, init, { stepsPerRun: 8 });
    const expected: number[] = [];
    for (const b of data) expected.push(await single.step(b));
    const got = [...(await looped.stepMany(data.slice(0, 5))), await looped.step(data[5])];
    got.forEach((l, i) => expect(Math.abs(l - expected[i])).toBeLessThan(1e-6));
    expect(maxAbsDiff(looped.parameters(), single.parameters())).toBeLessThan(1e-6);
    expect(looped.batchInputs.map((s) => [s.name, s.shape])).toEqual([
      ['x', ['N', F]],
      ['y', ['N']],
    ]);
    await single.release();
    await looped.release();
  });

  it('takes a fed learning rate from the outer graph', async () => {
    const F = 4;
    const { g, loss } = problem(F, [6]);
    const training = adam(loss, g.params, { lr: 'input' });
    const init = initParams(g.params, new Rng(5));
    const data = batches(6, 8, F, 6);
    const single = await Trainer.create(training, init);
    const looped = await Trainer.create(training, init, { stepsPerRun: 3 });
    for (const b of data) await single.step(b, { lr: 3e-3 });
    await looped.stepMany(data, { lr: 3e-3 });
    expect(maxAbsDiff(looped.parameters(), single.parameters())).toBeLessThan(1e-6);
    await expect(looped.stepMany(data)).rejects.toThrow(/pass \{ lr \}/);
    await single.release();
    await looped.release();
  });

  it('rejects a bad stepsPerRun', async () => {
    const { g, loss } = problem(2, [2]);
    await expect(Trainer.create(adam(loss, g.params), initParams(g.params, new Rng(1)), { stepsPerRun: 0 })).rejects.toThrow(/positive integer/);
  });
});
