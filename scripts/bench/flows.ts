/**
 * Flow benchmarks, one run:
 * 1. training throughput (steps/s and events/s) of the scoreboard's spline flow and Funnel with the
 *    engine on onnxruntime-node (cpu, one thread), on real LHCO background when the data directory
 *    is present (else standard-normal stand-ins of the same shape);
 * 2. edge inference: log_prob events/s of the committed Funnel (models/lhco-funnel.onnx) with
 *    onnxruntime-web's wasm build inside workerd (and in Node) against onnxruntime-node's native
 *    CPU provider on one thread — same bytes, same batch, interleaved rounds
 *    (scripts/bench/runtimes.ts) — with the time ratios and the largest difference.
 *
 *   npm run bench:flows [-- --steps 60 --batch 512 --rows 16384 --rounds 7 --no-workerd]
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Matrix } from '../../src/formats/matrix.js';
import { Rng } from '../../src/stats/rng.js';
import { repoRoot } from '../data/paths.js';
import { standardisation } from '../dream/classifier.js';
import { Trainer, adam, initParams } from '../engine/index.js';
import { DEFAULT_DENSITY_TRAIN, DENSITY_MODELS, FUNNEL_MODEL_ID, loadDensityData } from '../flows/lhco.js';
import { nllGraph } from '../flows/train.js';
import { emitResult } from './lib.js';
import { compareRuntimes, eventsPerSecond, startEdgeRuntime } from './runtimes.js';

const { values } = parseArgs({
  options: { steps: { type: 'string' }, batch: { type: 'string' }, rows: { type: 'string' }, rounds: { type: 'string' }, 'no-workerd': { type: 'boolean' } },
});
const STEPS = Number(values.steps ?? 60);
const BATCH = Number(values.batch ?? DEFAULT_DENSITY_TRAIN.batch);
const ROWS = Number(values.rows ?? 16384);
const ROUNDS = Number(values.rounds ?? 7);

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
  const edge = values['no-workerd'] ? undefined : await startEdgeRuntime();
  const r = await compareRuntimes(onnx, x, ['log_prob'], { rounds: ROUNDS, edge }).finally(() => edge?.stop());
  lines.push('', `Edge log_prob, ${FUNNEL_MODEL_ID} (${onnx.length} bytes), ${rows} events per session.run, best of ${ROUNDS} interleaved rounds, 1 thread each:`, '');
  lines.push('| runtime | ms per run | events/s |', '|---|---:|---:|');
  lines.push(`| onnxruntime-web wasm in workerd (the Worker runtime) | ${r.workerd_ms.toFixed(1)} | ${Math.round(eventsPerSecond(rows, r.workerd_ms))} |`);
  lines.push(`| onnxruntime-web wasm in Node | ${r.wasm_node_ms.toFixed(1)} | ${Math.round(eventsPerSecond(rows, r.wasm_node_ms))} |`);
  lines.push(`| onnxruntime-node (native cpu) | ${r.native_ms.toFixed(1)} | ${Math.round(eventsPerSecond(rows, r.native_ms))} |`);
  lines.push(
    '',
    `workerd/native time ratio ${r.ratio.toFixed(2)} (median per round ${r.median_ratio.toFixed(2)}); wasm in Node/native ${r.wasm_node_ratio.toFixed(2)}; largest |Δ log_prob| ${r.max_abs_diff.toExponential(1)}.`,
  );
  emitResult('flows', { model: FUNNEL_MODEL_ID, ...r });
} else {
  lines.push('', `(no ${modelPath}: run \`npm run flows:scoreboard -- --write-models models\` for the edge figures)`);
}
lines.push('', `Node ${process.version}; reproduce: \`npm run bench:flows\`.`);
console.log(lines.join('\n'));
