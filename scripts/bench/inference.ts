/**
 * Edge inference: events/s of DREAM classifiers with onnxruntime-web (the wasm build the Worker
 * runs, `onnxruntime-web/wasm`, one thread, no proxy — measured here in Node, where the wasm
 * engine is the same V8 as workerd's) against onnxruntime-node's native CPU provider on one
 * thread, same ONNX bytes, same batch, interleaved in one run. Two models: the demo LHCO
 * classifier (4 → 64 → 64 → 1) on real events, and a calorimeter-sized one (533 → 512 → 512 → 1)
 * on generated showers; each with the score alone (the public score endpoint) and with the input
 * gradients too (uploads, for the feature ranking).
 *
 *   npx tsx scripts/bench/inference.ts [--rows 4096] [--calo-rows 983] [--calo-hidden 512,512] [--rounds 15]
 *
 * The table reports the best time per session.run over the rounds for each runtime (on a shared
 * machine, other processes only ever add time, so the minimum is the steadiest estimate of what
 * each runtime can do), events/s from it, the ratio of the two (goal ≤ 2), the median of the
 * per-round ratios as a check, and the largest score difference.
 */
import { parseArgs } from 'node:util';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web/wasm';
import type { Matrix } from '../../src/formats/matrix.js';
import { sliceRows } from '../../src/inference/slices.js';
import { emitResult, machine, median } from './lib.js';
import { caloClassifier, caloEvents, lhcoEvents, lhcoModel } from './workloads.js';

const { values } = parseArgs({ options: { rows: { type: 'string' }, 'calo-rows': { type: 'string' }, 'calo-hidden': { type: 'string' }, rounds: { type: 'string' } } });
// By default the batch of one session.run in the Worker (src/inference/slices.ts).
const ROWS = Number(values.rows ?? sliceRows(4));
const CALO_ROWS = Number(values['calo-rows'] ?? sliceRows(533));
const CALO_HIDDEN = String(values['calo-hidden'] ?? '512,512').split(',').map(Number);
const ROUNDS = Number(values.rounds ?? 15);

ortWeb.env.wasm.numThreads = 1;
ortWeb.env.wasm.proxy = false;

interface Row {
  model: string;
  outputs: string;
  rows: number;
  wasm_ms: number;
  native_ms: number;
  wasm_events_per_s: number;
  native_events_per_s: number;
  ratio: number;
  median_ratio: number;
  max_abs_diff: number;
}

async function measure(model: string, onnx: Uint8Array, x: Matrix, fetches: string[]): Promise<Row> {
  const web = await ortWeb.InferenceSession.create(onnx, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const native = await ortNode.InferenceSession.create(onnx, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const runWeb = async () => {
    const t = performance.now();
    const out = await web.run({ x: new ortWeb.Tensor('float32', x.data, [x.rows, x.cols]) }, fetches);
    const ms = performance.now() - t;
    const score = (out.score.data as Float32Array).slice();
    for (const tensor of Object.values(out)) tensor.dispose();
    return { ms, score };
  };
  const runNative = async () => {
    const t = performance.now();
    const out = await native.run({ x: new ortNode.Tensor('float32', x.data, [x.rows, x.cols]) }, fetches);
    return { ms: performance.now() - t, score: out.score.data as Float32Array };
  };
  // Warm-up of a second or more: V8 first runs wasm from its baseline compiler and moves hot
  // functions to the optimising one in the background, so early runs are not the steady state.
  const warmUntil = performance.now() + 1000;
  for (let i = 0; i < 5 || performance.now() < warmUntil; i++) {
    await runWeb();
    await runNative();
  }
  const webMs: number[] = [];
  const nativeMs: number[] = [];
  const ratios: number[] = [];
  let maxDiff = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order so neither always runs on the warmer cache or the quieter machine.
    const [a, b] = round % 2 === 0 ? [await runWeb(), await runNative()] : (([n, w]) => [w, n])([await runNative(), await runWeb()]);
    webMs.push(a.ms);
    nativeMs.push(b.ms);
    ratios.push(a.ms / b.ms);
    for (let i = 0; i < a.score.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a.score[i] - b.score[i]));
  }
  await web.release();
  await native.release();
  const w = Math.min(...webMs);
  const n = Math.min(...nativeMs);
  return {
    model,
    outputs: fetches.join('+'),
    rows: x.rows,
    wasm_ms: w,
    native_ms: n,
    wasm_events_per_s: (x.rows / w) * 1000,
    native_events_per_s: (x.rows / n) * 1000,
    ratio: w / n,
    median_ratio: median(ratios),
    max_abs_diff: maxDiff,
  };
}

const lhco = await lhcoModel();
const lhcoX = await lhcoEvents(ROWS);
const calo = await caloClassifier(CALO_HIDDEN);
const caloX = caloEvents(CALO_ROWS, 11);
const rows: Row[] = [];
for (const fetches of [['score'], ['score', 'grad']]) rows.push(await measure('DREAM LHCO 4→64→64→1', lhco.onnx, lhcoX, fetches));
for (const fetches of [['score'], ['score', 'grad']]) rows.push(await measure(`DREAM calo-sized 533→${CALO_HIDDEN.join('→')}→1`, calo.onnx, caloX, fetches));

console.log(`${machine().text}`);
console.log(`onnxruntime-web ${ortWeb.env.versions.web} wasm (1 thread, in Node) vs onnxruntime-node ${ortNode.env.versions.node ?? ''} cpu (1 thread); best of ${ROUNDS} interleaved rounds\n`);
console.log('| model | outputs | batch | wasm ms | native ms | wasm events/s | native events/s | wasm/native | median per-round ratio | max |Δscore| |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.model} | ${r.outputs} | ${r.rows} | ${r.wasm_ms.toFixed(1)} | ${r.native_ms.toFixed(1)} | ${Math.round(r.wasm_events_per_s).toLocaleString('en-US')} | ${Math.round(r.native_events_per_s).toLocaleString('en-US')} | ${r.ratio.toFixed(2)}× | ${r.median_ratio.toFixed(2)}× | ${r.max_abs_diff.toExponential(1)} |`,
  );
}
emitResult('inference', { rows });
