/**
 * Flow benchmarks, one run:
 * 1. training throughput (steps/s and events/s) of the scoreboard's spline flow and Funnel with the
 *    engine on onnxruntime-node (cpu, one thread), on real LHCO background when the data directory
 *    is present (else standard-normal stand-ins of the same shape);
 * 2. edge inference: log_prob events/s of the committed Funnel (models/lhco-funnel.onnx) with
 *    onnxruntime-web (`onnxruntime-web/wasm`, the build the Worker runs, one thread, measured in
 *    Node) against onnxruntime-node's native CPU provider on one thread — same bytes, same batch,
 *    interleaved rounds — with the median wasm/native time ratio and the largest difference.
 *
 *   npm run bench:flows [-- --steps 60 --batch 512 --rows 16384 --rounds 7]
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web/wasm';
import type { Matrix } from '../../src/formats/matrix.js';
import { Rng } from '../../src/stats/rng.js';
import { repoRoot } from '../data/paths.js';
import { standardisation } from '../dream/classifier.js';
import { Trainer, adam, initParams } from '../engine/index.js';
import { DEFAULT_DENSITY_TRAIN, DENSITY_MODELS, FUNNEL_MODEL_ID, loadDensityData } from '../flows/lhco.js';
import { nllGraph } from '../flows/train.js';

const { values } = parseArgs({
  options: { steps: { type: 'string' }, batch: { type: 'string' }, rows: { type: 'string' }, rounds: { type: 'string' } },
});
const STEPS = Number(values.steps ?? 60);
const BATCH = Number(values.batch ?? DEFAULT_DENSITY_TRAIN.batch);
const ROWS = Number(values.rows ?? 16384);
const ROUNDS = Number(values.rounds ?? 7);

ortWeb.env.wasm.numThreads = 1;
ortWeb.env.wasm.proxy = false;

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

async function events(): Promise<{ train: Matrix; source: string }> {
  try {
    const data = await loadDensityData();
    return { train: data.train, source: 'real LHCO background' };
  } catch {
    const rng = new Rng(1);
    const n = 16000;
    return { train: { rows: n, cols: 4, data: Float32Array.from({ length: n * 4 }, () => rng.normal()) }, source: 'N(0, 1) stand-ins (no data directory)' };
  }
}

async function trainingThroughput(id: string, train: Matrix): Promise<{ id: string; stepsPerSecond: number; eventsPerSecond: number; nodes: number }> {
  const spec = DENSITY_MODELS.find((m) => m.id === id)!;
  const flow = spec.build!(standardisation(train));
  const { graph, loss } = nllGraph(flow);
  const trainer = await Trainer.create(adam(loss, graph.params, { lr: 'input', clipNorm: 5 }), initParams(graph.params, new Rng(1)));
  const x = train.data.subarray(0, BATCH * 4);
  for (let i = 0; i < 5; i++) await trainer.step({ x }, { lr: 1e-3 });
  const t0 = performance.now();
  for (let i = 0; i < STEPS; i++) await trainer.step({ x }, { lr: 1e-3 });
  const seconds = (performance.now() - t0) / 1000;
  await trainer.release();
  return { id, stepsPerSecond: STEPS / seconds, eventsPerSecond: (STEPS * BATCH) / seconds, nodes: graph.nodes.length };
}

async function inference(onnx: Uint8Array, x: Matrix) {
  const web = await ortWeb.InferenceSession.create(onnx, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const native = await ortNode.InferenceSession.create(onnx, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const timeOne = async (run: () => Promise<Float32Array>) => {
    const t = performance.now();
    const out = await run();
    return { ms: performance.now() - t, out };
  };
  const runWeb = async () => (await web.run({ x: new ortWeb.Tensor('float32', x.data, [x.rows, x.cols]) })).log_prob.data as Float32Array;
  const runNative = async () => (await native.run({ x: new ortNode.Tensor('float32', x.data, [x.rows, x.cols]) })).log_prob.data as Float32Array;
  await runWeb();
  await runNative();
  const webMs: number[] = [];
  const nativeMs: number[] = [];
  const ratios: number[] = [];
  let maxDiff = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const a = await timeOne(runWeb);
    const b = await timeOne(runNative);
    webMs.push(a.ms);
    nativeMs.push(b.ms);
    ratios.push(a.ms / b.ms);
    for (let i = 0; i < a.out.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a.out[i] - b.out[i]));
  }
  await web.release();
  await native.release();
  return { webMs: median(webMs), nativeMs: median(nativeMs), ratio: median(ratios), maxDiff };
}

const { train, source } = await events();
const lines: string[] = [];
lines.push(`Flow training, engine on onnxruntime-node (cpu, 1 thread), batch ${BATCH}, ${STEPS} timed steps, ${source}:`, '');
lines.push('| model | graph nodes | steps/s | events/s |', '|---|---:|---:|---:|');
for (const id of ['spline-flow', 'funnel']) {
  const r = await trainingThroughput(id, train);
  lines.push(`| ${id} | ${r.nodes} | ${r.stepsPerSecond.toFixed(1)} | ${Math.round(r.eventsPerSecond)} |`);
}

const modelPath = join(repoRoot, 'models', `${FUNNEL_MODEL_ID}.onnx`);
if (existsSync(modelPath)) {
  const onnx = new Uint8Array(await readFile(modelPath));
  const rows = Math.min(ROWS, train.rows);
  const x: Matrix = { rows, cols: 4, data: train.data.slice(0, rows * 4) };
  const r = await inference(onnx, x);
  lines.push('', `Edge log_prob, ${FUNNEL_MODEL_ID} (${onnx.length} bytes), ${rows} events per session.run, median of ${ROUNDS} interleaved rounds, 1 thread each:`, '');
  lines.push('| runtime | ms per run | events/s |', '|---|---:|---:|');
  lines.push(`| onnxruntime-web (wasm, as in the Worker) | ${r.webMs.toFixed(1)} | ${Math.round((rows / r.webMs) * 1000)} |`);
  lines.push(`| onnxruntime-node (native cpu) | ${r.nativeMs.toFixed(1)} | ${Math.round((rows / r.nativeMs) * 1000)} |`);
  lines.push('', `wasm/native time ratio ${r.ratio.toFixed(2)} (median per round); largest |Δ log_prob| ${r.maxDiff.toExponential(1)}.`);
} else {
  lines.push('', `(no ${modelPath}: run \`npm run flows:scoreboard -- --write-models models\` for the edge figures)`);
}
lines.push('', `Node ${process.version}; reproduce: \`npm run bench:flows\`.`);
console.log(lines.join('\n'));
