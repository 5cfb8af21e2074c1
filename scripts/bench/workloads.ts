/**
 * The inputs the service benchmarks share: real LHC Olympics events (the demo model's four
 * features, from ../shared/data), calorimeter-sized events (533 voxel features of generated
 * CaloChallenge dataset-1 pion showers), a calorimeter-sized DREAM classifier exported by the
 * training engine, and model cards for both that `summariseBatch` accepts.
 *
 * @example
 *   const x = await lhcoEvents(100_000);            // Matrix 100000 × 4 (real events)
 *   const calo = caloEvents(10_000, 7);             // Matrix 10000 × 533
 *   const model = await caloClassifier([512, 512]); // { onnx, card } with reference scores
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Matrix } from '../../src/formats/matrix.js';
import { matrixColumn } from '../../src/formats/matrix.js';
import { parseModelCard, type ModelCard } from '../../src/model-card.js';
import { histogramCounts, quantileEdges } from '../../src/stats/histogram.js';
import { Rng } from '../../src/stats/rng.js';
import { caloFeatureNames, caloFeatures, generateCalo } from '../data/calo-generator.js';
import { LHCO_FEATURE_COLUMNS } from '../data/lhco.js';
import { loadSample } from '../data/sample.js';
import { repoRoot } from '../data/paths.js';
import { dreamNetwork, standardisation } from '../dream/classifier.js';
import { Graph, exportClassifier, initParams } from '../engine/index.js';

/** Up to 120,000 real LHCO events (sr_data_a then sr_labelled_eval), features mj1, delta_mj, tau21_j1, tau21_j2. */
export async function lhcoEvents(n: number): Promise<Matrix> {
  const parts = await Promise.all(
    ['lhco-rnd/sr_data_a.npy', 'lhco-rnd/sr_labelled_eval.npy'].map(async (file) => (await loadSample({ file }, LHCO_FEATURE_COLUMNS)).matrix),
  );
  const available = parts.reduce((s, m) => s + m.rows, 0);
  if (n > available) throw new Error(`only ${available} LHCO events are available, ${n} asked`);
  const data = new Float32Array(n * 4);
  let at = 0;
  for (const m of parts) {
    const take = Math.min(m.rows, n - at / 4);
    data.set(m.data.subarray(0, take * 4), at);
    at += take * 4;
  }
  return { rows: n, cols: 4, data };
}

/** The demo model: ONNX bytes and card. */
export async function lhcoModel(): Promise<{ onnx: Uint8Array; card: ModelCard }> {
  const [onnx, card] = await Promise.all([readFile(join(repoRoot, 'models', 'lhco-dream.onnx')), readFile(join(repoRoot, 'models', 'lhco-dream.json'), 'utf8')]);
  return { onnx: new Uint8Array(onnx), card: parseModelCard(JSON.parse(card)) };
}

/** `n` calorimeter-sized events: the 533 voxel features (voxel energy / incident energy) of generated pion showers. */
export function caloEvents(n: number, seed: number, mismodel = 0): Matrix {
  const all = caloFeatures(generateCalo({ events: n, seed, mismodel }));
  const cols = all.cols - 1; // drop log10(E_inc): the voxels alone are the 533 "calorimeter-sized" inputs
  const data = new Float32Array(n * cols);
  for (let r = 0; r < n; r++) data.set(all.data.subarray(r * all.cols + 1, (r + 1) * all.cols), r * cols);
  return { rows: n, cols, data };
}

/**
 * A calorimeter-sized DREAM classifier (533 → hidden… → 1, LeakyReLU, standardised inputs folded
 * in) with random weights — inference costs the same whatever the weights — and a card whose
 * reference is its own scores on 5,000 reference showers, with 20-bin quantile histograms of every
 * feature, as a trained model's card would carry.
 */
export async function caloClassifier(hidden: readonly number[], seed = 1): Promise<{ onnx: Uint8Array; card: ModelCard }> {
  const reference = caloEvents(5000, seed + 100);
  const F = reference.cols;
  const g = new Graph();
  dreamNetwork(g.input('x', ['N', F]), hidden);
  const params = initParams(g.params, new Rng(seed));
  // dreamNetwork starts its output layer at zero; random weights there give varied scores and gradients.
  const rng = new Rng(seed + 1);
  for (const name of Object.keys(params)) {
    if (name.startsWith(`mlp.${hidden.length}.weight`)) for (let i = 0; i < params[name].length; i++) params[name][i] = 0.05 * rng.normal();
  }
  const onnx = exportClassifier((x) => dreamNetwork(x, hidden), params, { features: F, standardize: standardisation(reference) });
  const session = await ort.InferenceSession.create(onnx, { intraOpNumThreads: 1 });
  const out = await session.run({ x: new ort.Tensor('float32', reference.data, [reference.rows, F]) }, ['score']);
  const scores = Array.from(out.score.data as Float32Array);
  await session.release();
  const names = caloFeatureNames().slice(1);
  const histograms = names.map((feature, j) => {
    const column = matrixColumn(reference, j);
    const edges = quantileEdges(column, 20);
    return { feature, edges: Array.from(edges), counts: Array.from(histogramCounts(column, edges)) };
  });
  const card = parseModelCard({
    id: 'calo-bench',
    kind: 'classifier',
    description: `benchmark only: calorimeter-sized DREAM classifier ${F} → ${hidden.join(' → ')} → 1, random weights`,
    created: new Date(0).toISOString(),
    features: names.map((name) => ({ name })),
    onnx: { file: '(generated)', sha256: '', input: 'x', score_output: 'score', gradient_output: 'grad', opset: 17 },
    preprocessing: { kind: 'standardize' },
    training: { seed },
    metrics: {},
    reference: { description: '5000 generated reference showers', scores, histograms },
    provenance: { command: 'scripts/bench/workloads.ts', files: {} },
  });
  return { onnx, card };
}
