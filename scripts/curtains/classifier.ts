/**
 * The weakly supervised ("classification without labels", CWoLa) classifier of a resonant
 * anomaly search, trained with k-fold cross-fitting:
 *
 * - class 1 = signal-region data, class 0 = a background template (the CURTAINS template, or true
 *   background for the idealised detector, or true signal vs background for the fully supervised
 *   reference: the same code trains all three);
 * - every event goes to one of k folds (stratified, seeded). For fold f, the classifier trains on
 *   k − 2 folds, picks epochs on fold f + 1 (weighted BCE) and scores fold f, so every event gets
 *   an out-of-fold score from a model that never trained on it or selected epochs with it; events
 *   outside both classes (`extra`, e.g. labelled evaluation events) are spread over the folds and
 *   scored the same way;
 * - each fold's model is an ensemble of its `keepBest` best epochs (mean logit), and the full
 *   model is the mean logit over all folds' members: one ONNX graph, raw features in, `score` =
 *   sigmoid(mean logit) and `grad` = ∂(mean logit)/∂x out, like a DREAM classifier;
 * - the classes are weighted to equal totals in the loss (the template is usually oversampled).
 *
 * The network is the DREAM classifier's (scripts/dream/classifier.ts): LeakyReLU MLP on features
 * standardised with constants folded into the exported graph.
 *
 * @example
 *   const fit = await crossFitClassifier(srData, template, { ...DEFAULT_CWOLA, seed: 3 });
 *   fit.outOfFold.positive;               // a score per data event
 *   await fit.score(evaluationEvents);    // full-ensemble scores
 *   fit.onnx;                             // the model to serve
 */
import * as ort from 'onnxruntime-node';
import type { Matrix } from '../../src/formats/matrix.js';
import { Rng } from '../../src/stats/rng.js';
import {
  Graph,
  Trainer,
  activate,
  add,
  adam,
  bceWithLogits,
  createSession,
  defaultInit,
  exportClassifier,
  initParams,
  linear,
  mul,
  squeeze,
  type ExecutionProvider,
  type ParamValues,
  type Tensor,
} from '../engine/index.js';
import { standardisation } from '../dream/classifier.js';

export interface CwolaSettings {
  hidden: number[];
  epochs: number;
  batch: number;
  lr: number;
  folds: number;
  /** Epochs per fold kept in the ensemble (lowest validation BCE). */
  keepBest: number;
  seed: number;
  provider: ExecutionProvider;
  /** Optimiser steps per session.run (an ONNX Loop; same result, less overhead). */
  stepsPerRun: number;
}

export const DEFAULT_CWOLA: CwolaSettings = {
  hidden: [64, 64],
  epochs: 40,
  batch: 256,
  lr: 1e-3,
  folds: 5,
  keepBest: 5,
  seed: 1,
  provider: 'cpu',
  stepsPerRun: 8,
};

export interface FoldRecord {
  fold: number;
  /** Validation BCE per epoch (1-based epochs). */
  validBce: number[];
  /** Epochs kept in this fold's ensemble. */
  kept: number[];
}

export interface CrossFitOptions {
  /**
   * Events outside both classes to score out of fold as well (e.g. labelled evaluation events):
   * each is assigned a fold at random and scored by that fold's ensemble, so evaluation events
   * and training events can share one pool and every score comes from a model that never saw it.
   */
  extra?: Matrix[];
  /**
   * A group id per negative event: events of one group share a fold. An oversampled template
   * holds several transported copies of each sideband event; with the copies in different folds a
   * classifier could recognise near-twins of its training events in the scored fold and score
   * the template too low there (which would fake an excess in the bump hunt).
   */
  negativeGroups?: Uint32Array;
  onEpoch?: (fold: number, epoch: number, validBce: number) => void;
}

export interface CrossFit {
  /** Out-of-fold scores (sigmoid of the fold ensemble's mean logit). */
  outOfFold: { positive: Float32Array; negative: Float32Array };
  /** Out-of-fold scores of the `extra` events, in order. */
  extra: Float32Array[];
  /** Fold of each event. */
  folds: { positive: Uint8Array; negative: Uint8Array };
  history: FoldRecord[];
  /** The full ensemble: x [N, F] raw → score [N], grad [N, F]. */
  onnx: Uint8Array;
  members: number;
  mean: number[];
  std: number[];
  /** Scores any events with the full ensemble (the exported ONNX model). */
  score(x: Matrix): Promise<Float32Array>;
  seconds: number;
}

/** The DREAM network with a parameter-name prefix, so that ensemble members can share one graph. */
export function memberNetwork(x: Tensor, hidden: readonly number[], prefix: string): Tensor {
  let h = x;
  hidden.forEach((width, i) => {
    h = activate(linear(h, width, { name: `${prefix}.${i}`, init: defaultInit('leaky_relu') }), 'leaky_relu');
  });
  return linear(h, 1, { name: `${prefix}.${hidden.length}`, init: { kind: 'zeros' } });
}

/** Mean logit of members `prefixes` (each a memberNetwork) on standardised x. */
function ensembleLogit(x: Tensor, hidden: readonly number[], prefixes: readonly string[]): Tensor {
  let sum: Tensor | undefined;
  for (const p of prefixes) {
    const logit = memberNetwork(x, hidden, p);
    sum = sum ? add(sum, logit) : logit;
  }
  if (!sum) throw new Error('an ensemble needs at least one member');
  return mul(sum, 1 / prefixes.length);
}

/** Renames a member's parameters from the training prefix to its ensemble prefix. */
function renamed(params: ParamValues, from: string, to: string): ParamValues {
  return Object.fromEntries(Object.entries(params).map(([name, v]) => [name.replace(`${from}.`, `${to}.`), v]));
}

/**
 * Trains the k-fold ensemble of class 1 (`positive`) vs class 0 (`negative`) and scores every
 * event out of fold.
 */
export async function crossFitClassifier(
  positive: Matrix,
  negative: Matrix,
  s: CwolaSettings,
  options: CrossFitOptions = {},
): Promise<CrossFit> {
  const { onEpoch, extra = [], negativeGroups } = options;
  const started = performance.now();
  const F = positive.cols;
  if (negative.cols !== F) throw new Error(`classes have ${positive.cols} and ${negative.cols} features`);
  if (!(s.folds >= 3)) throw new Error('cross-fitting needs at least 3 folds (train, select, score)');
  const rng = new Rng(s.seed);
  const foldOf = (n: number) => {
    const perm = rng.permutation(n);
    const f = new Uint8Array(n);
    perm.forEach((row, i) => (f[row] = i % s.folds));
    return f;
  };
  const groupFolds = (groups: Uint32Array) => {
    if (groups.length !== negative.rows) throw new Error(`${groups.length} group ids for ${negative.rows} negative events`);
    const ids = [...new Set(groups)];
    const byGroup = new Map<number, number>();
    rng.permutation(ids.length).forEach((k, i) => byGroup.set(ids[k], i % s.folds));
    return Uint8Array.from(groups, (g) => byGroup.get(g)!);
  };
  const folds = { positive: foldOf(positive.rows), negative: negativeGroups ? groupFolds(negativeGroups) : foldOf(negative.rows) };
  const extraFolds = extra.map((m) => foldOf(m.rows));
  const extraScores = extra.map((m) => new Float32Array(m.rows));
  // One standardisation for every member: fixed preprocessing, computed on all events.
  const { mean, std } = standardisation(stack(positive, negative).x);
  const z = (m: Matrix) => standardised(m, mean, std);
  const zp = z(positive);
  const zn = z(negative);

  const oof = { positive: new Float32Array(positive.rows), negative: new Float32Array(negative.rows) };
  const history: FoldRecord[] = [];
  const allParams: ParamValues = {};
  const allPrefixes: string[] = [];
  for (let fold = 0; fold < s.folds; fold++) {
    const validFold = (fold + 1) % s.folds;
    const pick = (f: Uint8Array, want: (k: number) => boolean) => Uint32Array.from(f.keys()).filter((i) => want(f[i]));
    const part = (want: (k: number) => boolean) => labelled(zp, pick(folds.positive, want), zn, pick(folds.negative, want), F);
    const train = part((k) => k !== fold && k !== validFold);
    const valid = part((k) => k === validFold);
    const test = { pos: pick(folds.positive, (k) => k === fold), neg: pick(folds.negative, (k) => k === fold) };
    const { params, record } = await trainFold(train, valid, s, fold, rng, onEpoch);
    history.push(record);
    const prefixes = record.kept.map((e) => `f${fold}e${e}`);
    const foldParams: ParamValues = {};
    record.kept.forEach((e, i) => Object.assign(foldParams, renamed(params[i], 'net', prefixes[i])));
    Object.assign(allParams, foldParams);
    allPrefixes.push(...prefixes);
    const onnx = exportEnsemble(s.hidden, prefixes, foldParams, F, mean, std);
    const scored = await scoreWith(onnx, rowsOf(positive, test.pos), s.provider);
    test.pos.forEach((row, i) => (oof.positive[row] = scored[i]));
    const scoredNeg = await scoreWith(onnx, rowsOf(negative, test.neg), s.provider);
    test.neg.forEach((row, i) => (oof.negative[row] = scoredNeg[i]));
    for (let k = 0; k < extra.length; k++) {
      const idx = pick(extraFolds[k], (f) => f === fold);
      const sc = await scoreWith(onnx, rowsOf(extra[k], idx), s.provider);
      idx.forEach((row, i) => (extraScores[k][row] = sc[i]));
    }
  }
  const onnx = exportEnsemble(s.hidden, allPrefixes, allParams, F, mean, std);
  return {
    outOfFold: oof,
    extra: extraScores,
    folds,
    history,
    onnx,
    members: allPrefixes.length,
    mean,
    std,
    score: (x) => scoreWith(onnx, x, s.provider),
    seconds: (performance.now() - started) / 1000,
  };
}

interface Labelled {
  x: Float32Array;
  y: Float32Array;
  w: Float32Array;
  rows: number;
}

/** Trains one fold; returns the parameters of its `keepBest` best epochs (in `record.kept` order). */
async function trainFold(
  train: Labelled,
  valid: Labelled,
  s: CwolaSettings,
  fold: number,
  rng: Rng,
  onEpoch?: (fold: number, epoch: number, validBce: number) => void,
): Promise<{ params: ParamValues[]; record: FoldRecord }> {
  const F = train.x.length / train.rows;
  const g = new Graph();
  const x = g.input('x', ['N', F]);
  const y = g.input('y', ['N']);
  const w = g.input('w', ['N']);
  const loss = bceWithLogits(squeeze(memberNetwork(x, s.hidden, 'net'), 1), y, w);
  const trainer = await Trainer.create(adam(loss, g.params, { lr: s.lr }), initParams(g.params, rng), { provider: s.provider, stepsPerRun: s.stepsPerRun });
  try {
    const epochs: { epoch: number; bce: number; params: ParamValues }[] = [];
    const B = Math.min(s.batch, train.rows);
    const validBce: number[] = [];
    for (let epoch = 1; epoch <= s.epochs; epoch++) {
      const order = rng.permutation(train.rows);
      const batches = [];
      // Full batches only (the remainder joins the next epoch's shuffle), so every run of the
      // Loop stacks equal shapes.
      for (let start = 0; start + B <= train.rows; start += B) {
        const xb = new Float32Array(B * F);
        const yb = new Float32Array(B);
        const wb = new Float32Array(B);
        for (let k = 0; k < B; k++) {
          const row = order[start + k];
          xb.set(train.x.subarray(row * F, (row + 1) * F), k * F);
          yb[k] = train.y[row];
          wb[k] = train.w[row];
        }
        batches.push({ x: xb, y: yb, w: wb });
      }
      await trainer.stepMany(batches);
      const bce = Number((await trainer.evaluate({ loss }, { x: valid.x, y: valid.y, w: valid.w })).loss.data[0]);
      validBce.push(bce);
      onEpoch?.(fold, epoch, bce);
      epochs.push({ epoch, bce, params: trainer.parameters() });
    }
    const best = [...epochs].sort((a, b) => a.bce - b.bce).slice(0, Math.max(1, s.keepBest));
    best.sort((a, b) => a.epoch - b.epoch);
    return { params: best.map((b) => b.params), record: { fold, validBce, kept: best.map((b) => b.epoch) } };
  } finally {
    await trainer.release();
  }
}

/** The ensemble as one ONNX classifier: raw x → score, grad. */
function exportEnsemble(hidden: readonly number[], prefixes: readonly string[], params: ParamValues, features: number, mean: number[], std: number[]): Uint8Array {
  return exportClassifier((xs) => ensembleLogit(xs, hidden, prefixes), params, { features, standardize: { mean, std }, name: 'cwola_ensemble' });
}

/** Scores raw events with an exported classifier (in slices). */
export async function scoreWith(onnx: Uint8Array, x: Matrix, provider: ExecutionProvider = 'cpu'): Promise<Float32Array> {
  const { session } = await createSession(onnx, { provider });
  try {
    const out = new Float32Array(x.rows);
    const slice = 32768;
    for (let start = 0; start < x.rows; start += slice) {
      const n = Math.min(slice, x.rows - start);
      const r = await session.run({ x: new ort.Tensor('float32', x.data.slice(start * x.cols, (start + n) * x.cols), [n, x.cols]) }, ['score']);
      out.set(r.score.data as Float32Array, start);
    }
    return out;
  } finally {
    await session.release();
  }
}

/** Class 1 rows of a and class 0 rows of b ([n, F] row-major), weighted so that both classes total the same. */
function labelled(a: Float32Array, aRows: Uint32Array, b: Float32Array, bRows: Uint32Array, F: number): Labelled {
  const n = aRows.length + bRows.length;
  if (aRows.length === 0 || bRows.length === 0) throw new Error('each fold needs events of both classes');
  const x = new Float32Array(n * F);
  const y = new Float32Array(n);
  const w = new Float32Array(n);
  const wb = aRows.length / bRows.length;
  aRows.forEach((row, i) => {
    x.set(a.subarray(row * F, (row + 1) * F), i * F);
    y[i] = 1;
    w[i] = 1;
  });
  bRows.forEach((row, i) => {
    const k = aRows.length + i;
    x.set(b.subarray(row * F, (row + 1) * F), k * F);
    w[k] = wb;
  });
  return { x, y, w, rows: n };
}

function standardised(m: Matrix, mean: number[], std: number[]): Float32Array {
  const out = new Float32Array(m.data.length);
  for (let i = 0; i < m.data.length; i++) out[i] = (m.data[i] - mean[i % m.cols]) / std[i % m.cols];
  return out;
}

function rowsOf(m: Matrix, rows: Uint32Array): Matrix {
  const data = new Float32Array(rows.length * m.cols);
  rows.forEach((r, i) => data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
  return { rows: rows.length, cols: m.cols, data };
}

/** Stacks two matrices (class 1 first). */
export function stack(a: Matrix, b: Matrix): { x: Matrix; y: Float32Array } {
  const data = new Float32Array(a.data.length + b.data.length);
  data.set(a.data);
  data.set(b.data, a.data.length);
  const y = new Float32Array(a.rows + b.rows);
  y.fill(1, 0, a.rows);
  return { x: { rows: a.rows + b.rows, cols: a.cols, data }, y };
}
