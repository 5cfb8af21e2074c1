/**
 * Trains the DREAM classifier with the project's ONNX training engine: an MLP with LeakyReLU on
 * standardised features, BCE on logits, Adam in-graph (one session.run = one step). After every
 * epoch the test-split BCE is measured and the parameters of the best epoch are kept — test BCE
 * rather than the CaloChallenge's test accuracy, because it is smooth, uses every event and is the
 * quantity the reported JSD is built from. The best parameters are exported as an inference ONNX
 * model with the standardisation folded in: input `x` [N, F] raw float32 features, outputs
 * `score` [N] = sigmoid(logit) and `grad` [N, F] = ∂logit/∂x.
 *
 * @example
 *   const model = await trainClassifier({ x: trainX, y: trainY }, { x: testX, y: testY }, settings);
 *   const { score, grad } = await scoreOnnx(model.onnx, validationX);
 */
import * as ort from 'onnxruntime-node';
import type { Matrix } from '../../src/formats/matrix.js';
import { Rng } from '../../src/stats/rng.js';
import {
  Graph,
  Trainer,
  adam,
  bceWithLogits,
  createSession,
  exportClassifier,
  initParams,
  squeeze,
  type ExecutionProvider,
  activate,
  defaultInit,
  linear,
  type Tensor,
  type ParamValues,
} from '../engine/index.js';
import type { TrainSettings } from './options.js';

/** The engine emits ONNX opset 17 (see scripts/engine/index.ts). */
export const ENGINE_OPSET = 17;

/** Labelled events: y = 1 for the candidate, 0 for the reference. */
export interface LabelledSet {
  x: Matrix;
  y: Float32Array;
}

export interface EpochRecord {
  epoch: number;
  /** Mean training BCE over the epoch's steps. */
  trainLoss: number;
  /** BCE on the test split after the epoch. */
  testBce: number;
}

export interface TrainedClassifier {
  onnx: Uint8Array;
  opset: number;
  mean: number[];
  std: number[];
  /** 1-based epoch whose parameters were kept. */
  bestEpoch: number;
  history: EpochRecord[];
  /** Provider actually used (a GPU provider that fails to load falls back to cpu). */
  provider: ExecutionProvider;
}

/** Trains on `train`, selects the epoch by `test` BCE, and exports the inference model. */
export async function trainClassifier(
  train: LabelledSet,
  test: LabelledSet,
  s: TrainSettings & { onEpoch?: (record: EpochRecord) => void },
): Promise<TrainedClassifier> {
  const features = train.x.cols;
  const { mean, std } = standardisation(train.x);
  const trainX = standardise(train.x, mean, std);
  const testX = standardise(test.x, mean, std);

  const build = (input: Tensor) => dreamNetwork(input, s.hidden);
  const g = new Graph();
  const x = g.input('x', ['N', features]);
  const y = g.input('y', ['N']);
  const logit = squeeze(build(x), 1);
  const loss = bceWithLogits(logit, y);
  const rng = new Rng(s.seed);
  const stepsPerRun = s.stepsPerRun ?? 1;
  const trainer = await Trainer.create(adam(loss, g.params, { lr: s.lr }), initParams(g.params, rng), {
    provider: s.provider,
    threads: s.threads,
    stepsPerRun,
  });
  try {
    const history: EpochRecord[] = [];
    let best: { epoch: number; bce: number; params: ParamValues } | undefined;
    const n = train.x.rows;
    const xBatch = new Float32Array(s.batch * features);
    const yBatch = new Float32Array(s.batch);
    for (let epoch = 1; epoch <= s.epochs; epoch++) {
      const order = rng.permutation(n);
      let lossSum = 0;
      let steps = 0;
      let pending: { x: Float32Array; y: Float32Array }[] = [];
      for (let start = 0; start < n; start += s.batch) {
        const size = Math.min(s.batch, n - start);
        // One step per run: full batches reuse one buffer, the last, shorter batch gets views of
        // the right length. K steps per run: K batches are collected and run together.
        const xb = stepsPerRun === 1 ? xBatch : new Float32Array(size * features);
        const yb = stepsPerRun === 1 ? yBatch : new Float32Array(size);
        for (let k = 0; k < size; k++) {
          const row = order[start + k];
          xb.set(trainX.subarray(row * features, (row + 1) * features), k * features);
          yb[k] = train.y[row];
        }
        if (stepsPerRun === 1) {
          lossSum += await trainer.step({ x: xb.subarray(0, size * features), y: yb.subarray(0, size) });
          steps++;
          continue;
        }
        pending.push({ x: xb, y: yb });
        if (pending.length === stepsPerRun || start + s.batch >= n) {
          for (const l of await trainer.stepMany(pending)) lossSum += l;
          steps += pending.length;
          pending = [];
        }
      }
      const { loss: testLoss } = await trainer.evaluate({ loss }, { x: testX, y: test.y });
      const testBce = Number(testLoss.data[0]);
      const record = { epoch, trainLoss: lossSum / steps, testBce };
      history.push(record);
      s.onEpoch?.(record);
      if (!best || testBce < best.bce) best = { epoch, bce: testBce, params: trainer.parameters() };
    }
    if (!best) throw new Error('no epochs were run (--epochs must be ≥ 1)');
    const onnx = exportClassifier(build, best.params, { features, standardize: { mean, std } });
    return { onnx, opset: ENGINE_OPSET, mean, std, bestEpoch: best.epoch, history, provider: trainer.provider };
  } finally {
    await trainer.release();
  }
}

/**
 * The network: Linear + LeakyReLU per hidden layer (He init), then a linear output layer that
 * starts at zero. A zero output layer makes the initial logit flat, so the input gradients used
 * for the feature ranking grow only where the data pull them; with a random output layer an
 * undertrained network keeps O(1) gradients in directions that carry no separation.
 */
export function dreamNetwork(x: Tensor, hidden: readonly number[]): Tensor {
  let h = x;
  hidden.forEach((width, i) => {
    h = activate(linear(h, width, { name: `mlp.${i}`, init: defaultInit('leaky_relu') }), 'leaky_relu');
  });
  return linear(h, 1, { name: `mlp.${hidden.length}`, init: { kind: 'zeros' } });
}

/**
 * Runs an exported classifier on raw features; returns `score` [N] and `grad` [N·F] (row-major).
 *
 * @example const { score, grad } = await scoreOnnx(bytes, matrix, 'cpu');
 */
export async function scoreOnnx(
  onnx: Uint8Array,
  x: Matrix,
  provider: ExecutionProvider = 'cpu',
): Promise<{ score: Float32Array; grad: Float32Array }> {
  const { session } = await createSession(onnx, { provider });
  try {
    const result = await session.run({ x: new ort.Tensor('float32', x.data, [x.rows, x.cols]) });
    return { score: result.score.data as Float32Array, grad: result.grad.data as Float32Array };
  } finally {
    await session.release();
  }
}

/** Per-feature mean and standard deviation (population), with a zero spread replaced by 1. */
export function standardisation(m: Matrix): { mean: number[]; std: number[] } {
  const mean = new Array<number>(m.cols).fill(0);
  const sq = new Array<number>(m.cols).fill(0);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) mean[j] += m.data[i * m.cols + j];
  }
  for (let j = 0; j < m.cols; j++) mean[j] /= m.rows;
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) sq[j] += (m.data[i * m.cols + j] - mean[j]) ** 2;
  }
  // A constant feature would divide by zero; 1 leaves it centred and harmless.
  const std = sq.map((s) => Math.sqrt(s / m.rows) || 1);
  return { mean, std };
}

function standardise(m: Matrix, mean: number[], std: number[]): Float32Array {
  const out = new Float32Array(m.data.length);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) out[i * m.cols + j] = (m.data[i * m.cols + j] - mean[j]) / std[j];
  }
  return out;
}
