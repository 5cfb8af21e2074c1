/**
 * Training-step throughput of a one-hidden-layer MLP (ReLU, BCE on logits, Adam) three ways:
 * the engine's emitted graph, a hand-written ONNX graph of the same step (both on
 * onnxruntime-node, cpu), and @tensorflow/tfjs-core on its cpu backend.
 *
 *   npx tsx scripts/bench/engine.ts [--batch 1024] [--features 30] [--hidden 64] [--steps 1000]
 *                                   [--warmup 50] [--tfjs-steps 40] [--rounds 5] [--threads 1]
 *
 * The two ONNX runs alternate in `rounds` blocks of steps/rounds each, so load from other
 * processes hits both alike; the table reports the median block and the median per-block ratio.
 */
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Rng } from '../../src/stats/rng.js';
import { Graph, Trainer, adam, bceWithLogits, emitModel, initParams, mlp, squeeze, type ParamValues } from '../engine/index.js';
import { HANDWRITTEN_PARAMS, handwrittenMlpStep } from '../engine/testing/handwritten-mlp.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
  return v;
}

const N = flag('batch', 1024);
const F = flag('features', 30);
const H = flag('hidden', 64);
const STEPS = flag('steps', 1000);
const WARMUP = flag('warmup', 50);
const TFJS_STEPS = flag('tfjs-steps', Math.max(10, Math.round(STEPS / 25)));
const ROUNDS = flag('rounds', 5);
const THREADS = flag('threads', 1);
const LR = 1e-3;

interface Result {
  name: string;
  steps: number;
  seconds: number;
  loss: number;
}

// Data and initial weights shared by all three.
const rng = new Rng(2024);
const x = new Float32Array(N * F);
for (let i = 0; i < x.length; i++) x[i] = rng.normal();
const y = new Float32Array(N);
for (let i = 0; i < N; i++) y[i] = x[i * F] + 0.5 * x[i * F + 1] + 0.3 * rng.normal() > 0 ? 1 : 0;

const spec = { hidden: [H], outputs: 1, activation: 'relu' } as const;
const graph = new Graph();
const logit = squeeze(mlp(graph.input('x', ['N', F]), spec), 1);
const training = adam(bceWithLogits(logit, graph.input('y', ['N'])), graph.params, { lr: LR });
const init: ParamValues = initParams(graph.params, new Rng(7));
const shapes = Object.fromEntries(graph.params.map((p) => [p.name!, p.shape as number[]]));

type Step = () => Promise<number>;

async function timeLoop(name: string, steps: number, warmup: number, step: Step): Promise<Result> {
  for (let i = 0; i < warmup; i++) await step();
  let loss = 0;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) loss = await step();
  return { name, steps, seconds: (performance.now() - t0) / 1000, loss };
}

async function engineStep(): Promise<{ step: Step; release: () => Promise<void> }> {
  const trainer = await Trainer.create(training, init, { threads: THREADS });
  const batch = { x, y };
  return { step: () => trainer.step(batch), release: () => trainer.release() };
}

async function handwrittenStep(): Promise<{ step: Step; release: () => Promise<void> }> {
  const session = await ort.InferenceSession.create(handwrittenMlpStep({ features: F, hidden: H, lr: LR }), {
    executionProviders: ['cpu'],
    intraOpNumThreads: THREADS,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const state: Record<string, Float32Array> = {};
  for (const p of HANDWRITTEN_PARAMS) {
    state[p] = init[p].slice() as Float32Array;
    state[`${p}.adam_m`] = new Float32Array(init[p].length);
    state[`${p}.adam_v`] = new Float32Array(init[p].length);
  }
  const dims = Object.fromEntries(Object.keys(state).map((name) => [name, shapes[name.replace(/\.adam_[mv]$/, '')]]));
  let stepCount = 0n;
  const xt = new ort.Tensor('float32', x, [N, F]);
  const yt = new ort.Tensor('float32', y, [N]);
  const step = async () => {
    const feeds: Record<string, ort.Tensor> = { x: xt, y: yt, 'adam.step': new ort.Tensor('int64', new BigInt64Array([stepCount]), []) };
    for (const name in state) feeds[name] = new ort.Tensor('float32', state[name], dims[name]);
    const out = await session.run(feeds);
    for (const name in state) state[name] = out[`${name}.next`].data as Float32Array;
    stepCount = (out['adam.step.next'].data as BigInt64Array)[0];
    return (out.loss.data as Float32Array)[0];
  };
  return { step, release: () => session.release() };
}

/**
 * tfjs-core's Node build ships no registered gradients (the umbrella package adds them through an
 * ESM path Node cannot load), so the backward pass is written out with tfjs ops here, mirroring
 * the hand-written ONNX graph; the update is tfjs's own Adam (tf.train.adam.applyGradients).
 */
async function benchTfjs(): Promise<Result> {
  await tf.setBackend('cpu');
  // The cpu backend's one-time advice to install tfjs-node (which cannot install offline) would
  // land in the middle of the table.
  const warn = console.warn;
  console.warn = () => undefined;
  tf.dispose(tf.scalar(0));
  console.warn = warn;
  const vars = Object.fromEntries(HANDWRITTEN_PARAMS.map((p) => [p, tf.variable(tf.tensor(init[p], shapes[p]), true, p)]));
  const [W1, b1, W2, b2] = HANDWRITTEN_PARAMS.map((p) => vars[p]);
  const xt = tf.tensor2d(x, [N, F]);
  const yt = tf.tensor1d(y);
  const optimizer = tf.train.adam(LR, 0.9, 0.999, 1e-8);
  const r = await timeLoop('tfjs-core cpu', TFJS_STEPS, Math.min(WARMUP, 5), async () => {
    const { loss, grads } = tf.tidy(() => {
      const h = tf.add(tf.matMul(xt, W1), b1);
      const a = tf.relu(h);
      const z = tf.reshape(tf.add(tf.matMul(a, W2), b2), [N]);
      const loss = tf.mean(tf.sub(tf.softplus(z), tf.mul(yt, z)));
      const dz = tf.reshape(tf.div(tf.sub(tf.sigmoid(z), yt), N), [N, 1]);
      const da = tf.matMul(dz, W2, false, true);
      const dh = tf.where(tf.greater(h, 0), da, tf.zerosLike(da));
      const grads = {
        [HANDWRITTEN_PARAMS[0]]: tf.matMul(xt, dh, true, false),
        [HANDWRITTEN_PARAMS[1]]: tf.sum(dh, 0),
        [HANDWRITTEN_PARAMS[2]]: tf.matMul(a, dz, true, false),
        [HANDWRITTEN_PARAMS[3]]: tf.sum(dz, 0),
      };
      return { loss, grads };
    });
    optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
    const v = (await loss.data())[0];
    tf.dispose([loss, ...Object.values(grads)]);
    return v;
  });
  optimizer.dispose();
  tf.dispose([xt, yt, ...Object.values(vars)]);
  return r;
}

function median(values: number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  return sorted[Math.floor(sorted.length / 2)];
}

const blockSteps = Math.max(1, Math.round(STEPS / ROUNDS));
const engine = await engineStep();
const hand = await handwrittenStep();
await timeLoop('warm-up', 0, WARMUP, engine.step);
await timeLoop('warm-up', 0, WARMUP, hand.step);
const engineBlocks: Result[] = [];
const handBlocks: Result[] = [];
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which goes first so neither always runs on the warmer cache or quieter machine.
  const order = round % 2 === 0 ? [engine, hand] : [hand, engine];
  for (const impl of order) {
    const r = await timeLoop(impl === engine ? 'engine' : 'hand-written ONNX', blockSteps, 0, impl.step);
    (impl === engine ? engineBlocks : handBlocks).push(r);
  }
}
await engine.release();
await hand.release();
const tfjs = await benchTfjs();

const perStep = (r: Result) => (r.seconds / r.steps) * 1000;
const summary = (name: string, blocks: Result[]) => ({
  name,
  steps: blocks.reduce((n, r) => n + r.steps, 0),
  msPerStep: median(blocks.map(perStep)),
  loss: blocks[blocks.length - 1].loss,
});
const rows = [summary('engine', engineBlocks), summary('hand-written ONNX', handBlocks), { name: tfjs.name, steps: tfjs.steps, msPerStep: perStep(tfjs), loss: tfjs.loss }];
const ratio = median(engineBlocks.map((r, i) => perStep(r) / perStep(handBlocks[i])));

console.log(`MLP ${F} -> ${H} -> 1 (ReLU), batch ${N}, BCE + Adam, cpu, ${THREADS} thread(s)`);
console.log(`engine step graph: ${emitModel(training.graph, { outputs: training.outputs }).nodeCount} ONNX nodes; ONNX runs: ${ROUNDS} alternating blocks of ${blockSteps} steps after ${WARMUP} warm-up steps`);
console.log('');
console.log('| implementation | steps | ms/step | steps/s | loss after |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${r.steps} | ${r.msPerStep.toFixed(3)} | ${(1000 / r.msPerStep).toFixed(1)} | ${r.loss.toFixed(5)} |`);
console.log('');
console.log(`engine / hand-written time per step: ${ratio.toFixed(2)}x (median of per-block ratios; target <= 1.3x)`);
console.log(`engine speed-up over tfjs: ${(rows[2].msPerStep / rows[0].msPerStep).toFixed(1)}x (target >= 30x)`);
