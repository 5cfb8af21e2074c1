/**
 * Edge inference: events/s of DREAM classifiers in the Worker runtime — onnxruntime-web's wasm
 * build inside workerd, through scripts/bench/edge-worker, set up exactly as the service sets it
 * up — against onnxruntime-node's native CPU provider on one thread, same ONNX bytes, same batch,
 * interleaved in one run (scripts/bench/runtimes.ts). The same wasm build in Node is shown too.
 * Two models: the demo LHCO classifier (4 → 64 → 64 → 1) on real events, and a
 * calorimeter-sized one (533 → 512 → 512 → 1) on generated showers; each with the score alone
 * (the public score endpoint, from the graph pruned to the score as the Worker runs it) and with
 * the input gradients too (uploads, for the feature ranking).
 * Last, the hidden layer's matrix product alone ([N, H] × [H, H] + bias, then each row summed so
 * that, as for a classifier, the output is small — a [N, H] output costs workerd extra time to
 * hand back that has nothing to do with the arithmetic): the kernel that dominates both models;
 * and an elementwise activation alone on the same [N, 64], for contrast.
 *
 *   npx tsx scripts/bench/inference.ts [--rows 4096] [--calo-rows 983] [--calo-hidden 512,512] [--rounds 15] [--warm 3] [--no-workerd]
 *
 * The table reports the best time per session.run over the rounds for each runtime (on a shared
 * machine, other processes only ever add time, so the minimum is the steadiest estimate of what
 * each runtime can do), events/s from it, the workerd/native ratio (goal ≤ 2), the median of the
 * per-round ratios as a check, the wasm-in-Node/native ratio, and the largest score difference.
 */
import { parseArgs } from 'node:util';
import type { Matrix } from '../../src/formats/matrix.js';
import { pruneToOutputs } from '../../src/inference/prune.js';
import { sliceRows } from '../../src/inference/slices.js';
import { Graph, emitModel, gemm, leakyRelu, reduceSum } from '../engine/index.js';
import { Rng } from '../../src/stats/rng.js';
import { emitResult, machine } from './lib.js';
import { compareRuntimes, eventsPerSecond, startEdgeRuntime, type RuntimeComparison } from './runtimes.js';
import { caloClassifier, caloEvents, lhcoEvents, lhcoModel } from './workloads.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    'calo-rows': { type: 'string' },
    'calo-hidden': { type: 'string' },
    rounds: { type: 'string' },
    'no-workerd': { type: 'boolean' },
    warm: { type: 'string' },
  },
});
// By default the batch of one session.run in the Worker (src/inference/slices.ts).
const ROWS = Number(values.rows ?? sliceRows(4));
const CALO_ROWS = Number(values['calo-rows'] ?? sliceRows(533));
const CALO_HIDDEN = String(values['calo-hidden'] ?? '512,512').split(',').map(Number);
const ROUNDS = Number(values.rounds ?? 15);
const WARM_SECONDS = Number(values.warm ?? 3);

type Row = RuntimeComparison & { model: string };

/** y = Σ_j (x·W + b)_j, [N, H] × [H, H], random weights: the hidden layer's product alone. */
function hiddenLayerGemm(width: number): Uint8Array {
  const rng = new Rng(7);
  const g = new Graph({ dtype: 'float32' });
  const x = g.input('x', ['N', width], 'float32');
  const w = g.constant(Array.from({ length: width * width }, () => rng.normal() / Math.sqrt(width)), [width, width]);
  const b = g.constant(Array.from({ length: width }, () => rng.normal()), [width]);
  return emitModel(g, { outputs: { y: reduceSum(gemm(x, w, { bias: b }), 1) } }).bytes;
}

/** y = Σ_j LeakyReLU(x)_j on [N, H]: an elementwise activation alone, for comparison with the product. */
function activationAlone(width: number): Uint8Array {
  const g = new Graph({ dtype: 'float32' });
  const x = g.input('x', ['N', width], 'float32');
  return emitModel(g, { outputs: { y: reduceSum(leakyRelu(x), 1) } }).bytes;
}

/** The first `cols` columns of x, a batch for the hidden-layer kernel of that width. */
function widthOf(x: Matrix, cols: number): Matrix {
  const data = new Float32Array(x.rows * cols);
  for (let r = 0; r < x.rows; r++) for (let c = 0; c < cols; c++) data[r * cols + c] = x.data[r * x.cols + (c % x.cols)];
  return { rows: x.rows, cols, data };
}

const lhco = await lhcoModel();
const lhcoX = await lhcoEvents(ROWS);
const calo = await caloClassifier(CALO_HIDDEN);
const caloX = caloEvents(CALO_ROWS, 11);
const edge = values['no-workerd'] ? undefined : await startEdgeRuntime();
const rows: Row[] = [];
try {
  const lhcoName = 'DREAM LHCO 4→64→64→1';
  const caloName = `DREAM calo-sized 533→${CALO_HIDDEN.join('→')}→1`;
  // As the Worker runs them: the score alone from the graph pruned to it (src/inference/prune.ts).
  for (const fetches of [['score'], ['score', 'grad']]) {
    rows.push({ model: lhcoName, ...(await compareRuntimes(pruneToOutputs(lhco.onnx, fetches), lhcoX, fetches, { rounds: ROUNDS, edge, warmSeconds: WARM_SECONDS })) });
  }
  for (const fetches of [['score'], ['score', 'grad']]) {
    rows.push({ model: caloName, ...(await compareRuntimes(pruneToOutputs(calo.onnx, fetches), caloX, fetches, { rounds: ROUNDS, edge, warmSeconds: WARM_SECONDS })) });
  }
  rows.push({ model: 'hidden layer alone: Gemm 64×64 (+ row sum)', ...(await compareRuntimes(hiddenLayerGemm(64), widthOf(lhcoX, 64), ['y'], { rounds: ROUNDS, edge, warmSeconds: WARM_SECONDS })) });
  const wide = CALO_HIDDEN[CALO_HIDDEN.length - 1];
  rows.push({ model: `hidden layer alone: Gemm ${wide}×${wide} (+ row sum)`, ...(await compareRuntimes(hiddenLayerGemm(wide), widthOf(caloX, wide), ['y'], { rounds: ROUNDS, edge, warmSeconds: WARM_SECONDS })) });
  rows.push({ model: 'activation alone: LeakyReLU on 64 (+ row sum)', ...(await compareRuntimes(activationAlone(64), widthOf(lhcoX, 64), ['y'], { rounds: ROUNDS, edge, warmSeconds: WARM_SECONDS })) });
} finally {
  await edge?.stop();
}

const fmt = (ms: number, digits = 1) => (Number.isFinite(ms) ? ms.toFixed(digits) : '—');
const rate = (n: number, ms: number) => (Number.isFinite(ms) ? Math.round(eventsPerSecond(n, ms)).toLocaleString('en-US') : '—');
console.log(`${machine().text}`);
console.log(`onnxruntime-web wasm (1 thread) in workerd and in Node vs onnxruntime-node cpu (1 thread); best of ${ROUNDS} interleaved rounds\n`);
console.log('| model | outputs | batch | workerd ms | wasm-in-Node ms | native ms | workerd events/s | native events/s | workerd/native | median per-round | wasm-in-Node/native | max |Δ| |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.model} | ${r.outputs} | ${r.rows} | ${fmt(r.workerd_ms)} | ${fmt(r.wasm_node_ms)} | ${fmt(r.native_ms)} | ${rate(r.rows, r.workerd_ms)} | ${rate(r.rows, r.native_ms)} | ${fmt(r.ratio, 2)}× | ${fmt(r.median_ratio, 2)}× | ${fmt(r.wasm_node_ratio, 2)}× | ${r.max_abs_diff.toExponential(1)} |`,
  );
}
emitResult('inference', { rows });
