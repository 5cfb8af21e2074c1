/**
 * The calorimeter-scale training workload shared by the benchmark (scripts/bench/calo.ts), the
 * provider-equivalence tests and the GPU device check: mini-batches of standardised DREAM inputs
 * from generated dataset-1 pion showers (half reference, half mis-modelled candidate), the DREAM
 * network (scripts/dream/classifier.ts) with BCE and in-graph Adam, and a timed loss curve under
 * one Trainer configuration.
 *
 * @example
 *   const work = caloWorkload({ batches: 8, batch: 1000 });
 *   const model = caloModel([2048, 2048, 2048], 2e-4);
 *   const run = await lossCurve(work, model, { provider: 'cpu', stepsPerRun: 4 }, 8);
 *   run.losses; run.stepsPerSecond;
 */
import { Rng } from '../../src/stats/rng.js';
import { caloFeatures, generateCalo } from '../data/calo-generator.js';
import { dreamNetwork, standardisation } from '../dream/classifier.js';
import { Graph, Trainer, adam, bceWithLogits, initParams, squeeze, type ParamValues, type TrainerOptions, type TrainingStep } from '../engine/index.js';

export type Batch = { x: Float32Array; y: Float32Array };

export interface CaloWorkload {
  features: number;
  batch: number;
  batches: Batch[];
}

/**
 * `batches` mini-batches of `batch` events, each half reference and half candidate showers
 * (mis-modelling strength `mismodel`), standardised with the statistics of all of them, rows
 * shuffled with the seed.
 */
export function caloWorkload(o: { batches: number; batch: number; seed?: number; mismodel?: number }): CaloWorkload {
  const seed = o.seed ?? 1;
  const half = Math.ceil((o.batches * o.batch) / 2);
  const ref = caloFeatures(generateCalo({ events: half, seed: 2 * seed + 1 }));
  const cand = caloFeatures(generateCalo({ events: half, seed: 2 * seed + 2, mismodel: o.mismodel ?? 1 }));
  const F = ref.cols;
  const rows = 2 * half;
  const all = new Float32Array(rows * F);
  all.set(ref.data);
  all.set(cand.data, ref.data.length);
  const { mean, std } = standardisation({ rows, cols: F, data: all });
  const order = new Rng(seed).permutation(rows);
  const batches: Batch[] = [];
  for (let b = 0; b < o.batches; b++) {
    const x = new Float32Array(o.batch * F);
    const y = new Float32Array(o.batch);
    for (let i = 0; i < o.batch; i++) {
      const row = order[b * o.batch + i];
      for (let f = 0; f < F; f++) x[i * F + f] = (all[row * F + f] - mean[f]) / std[f];
      y[i] = row >= half ? 1 : 0;
    }
    batches.push({ x, y });
  }
  return { features: F, batch: o.batch, batches };
}

export interface CaloModel {
  training: TrainingStep;
  init: ParamValues;
  /** Multiply-adds of one forward pass per event (the weights). */
  weights: number;
}

/** The DREAM network on the calo inputs, BCE on logits, Adam with a fixed learning rate. */
export function caloModel(hidden: readonly number[], lr: number, features = 534, seed = 1): CaloModel {
  const g = new Graph();
  const x = g.input('x', ['N', features]);
  const y = g.input('y', ['N']);
  const loss = bceWithLogits(squeeze(dreamNetwork(x, hidden), 1), y);
  const training = adam(loss, g.params, { lr });
  const widths = [features, ...hidden, 1];
  let weights = 0;
  for (let i = 1; i < widths.length; i++) weights += widths[i - 1] * widths[i];
  return { training, init: initParams(g.params, new Rng(seed)), weights };
}

/** FLOP of one training step: forward, and a backward pass about twice as costly. */
export function stepFlop(model: CaloModel, batch: number): number {
  return 6 * batch * model.weights;
}

export interface CurveRun {
  /** The provider in use after any fallback. */
  provider: string;
  stepsPerRun: number;
  deviceState: boolean;
  losses: number[];
  /** Session creation (graph emission included), s. */
  createS: number;
  /** The first (warm-up) run, s: includes shader compilation on GPU providers. */
  firstRunS: number;
  /** Timed steps after the warm-up run. */
  timedSteps: number;
  timedS: number;
  stepsPerSecond: number;
  /**
   * Process CPU time (user + system) per timed step, s: unlike wall time it does not grow when
   * other processes share the cores, so single-thread CPU figures stay comparable on a busy machine.
   */
  cpuSPerStep: number;
}

/**
 * Trains `steps` steps from the model's initial values on the workload's batches (cycled) under
 * one configuration; the first run (stepsPerRun steps) is the warm-up, the rest are timed.
 */
export async function lossCurve(work: CaloWorkload, model: CaloModel, options: TrainerOptions, steps: number): Promise<CurveRun> {
  const k = options.stepsPerRun ?? 1;
  const t0 = performance.now();
  const trainer = await Trainer.create(model.training, model.init, options);
  const createS = (performance.now() - t0) / 1000;
  try {
    const batchAt = (i: number) => work.batches[i % work.batches.length];
    const losses: number[] = [];
    const runGroup = async (from: number, count: number) => {
      const group = Array.from({ length: count }, (_, j) => batchAt(from + j));
      losses.push(...(await trainer.stepMany(group)));
    };
    const t1 = performance.now();
    await runGroup(0, Math.min(k, steps));
    const firstRunS = (performance.now() - t1) / 1000;
    const t2 = performance.now();
    const cpu0 = process.cpuUsage();
    for (let s = losses.length; s < steps; s += k) await runGroup(s, Math.min(k, steps - s));
    const timedS = (performance.now() - t2) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const timedSteps = steps - Math.min(k, steps);
    return {
      provider: trainer.provider,
      stepsPerRun: k,
      deviceState: trainer.deviceState,
      losses,
      createS,
      firstRunS,
      timedSteps,
      timedS,
      stepsPerSecond: timedSteps > 0 ? timedSteps / timedS : Math.min(k, steps) / firstRunS,
      cpuSPerStep: timedSteps > 0 ? (cpu.user + cpu.system) / 1e6 / timedSteps : NaN,
    };
  } finally {
    await trainer.release();
  }
}

/** Largest |a_i − b_i| over the common length, and the same relative to |b_i|. */
export function curveDifference(a: readonly number[], b: readonly number[]): { maxAbs: number; maxRel: number } {
  let maxAbs = 0;
  let maxRel = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = Math.abs(a[i] - b[i]);
    maxAbs = Math.max(maxAbs, d);
    maxRel = Math.max(maxRel, d / Math.max(Math.abs(b[i]), 1e-12));
  }
  return { maxAbs, maxRel };
}
