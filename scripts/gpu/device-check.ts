/**
 * The GPU device check (bundled into .device/check.mjs by scripts/gpu/pack.sh and started by
 * scripts/gpu/run-device-check.sh): trains the calorimeter-scale DREAM classifier on generated
 * showers under several configurations and prints, as one markdown report,
 *
 * - steps/s on cpu (all cores) and on each GPU configuration: webgpu with the state kept on the
 *   device (K = 1), webgpu with a host round trip every step (K = 1), webgpu with K steps per run
 *   (ONNX Loop), and cuda (K = 1 and K) when its provider libraries load;
 * - each GPU loss curve against the cpu one from the same weights and batches (max |Δloss|,
 *   within tolerance or not);
 * - a short end-to-end DREAM run on the best-loading GPU provider (the evaluation, readback and
 *   export paths), when the time budget allows.
 *
 * Every configuration is started only if the time budget (--budget seconds, default 420) leaves
 * room for it, so the whole check ends inside one device call.
 *
 *   node .device/check.mjs --out DIR [--budget 420] [--hidden 2048,2048,2048] [--batch 1000]
 *                          [--k 8] [--curve 16] [--gpu-steps 48] [--providers webgpu,cuda]
 *                          [--tolerance 0.002] [--no-e2e]
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { caloModel, caloWorkload, curveDifference, lossCurve, stepFlop, type CurveRun } from '../bench/calo-workload.js';
import { runCaloDream } from '../dream/calo.js';
import type { ExecutionProvider, TrainerOptions } from '../engine/index.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    budget: { type: 'string' },
    hidden: { type: 'string' },
    batch: { type: 'string' },
    k: { type: 'string' },
    curve: { type: 'string' },
    'gpu-steps': { type: 'string' },
    providers: { type: 'string' },
    tolerance: { type: 'string' },
    'no-e2e': { type: 'boolean' },
  },
});
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const outDir = values.out ?? '.';
const budgetS = num(values.budget, 420);
const hidden = (values.hidden ?? '2048,2048,2048').split(',').map(Number);
const batch = num(values.batch, 1000);
const K = num(values.k, 8);
const curveSteps = num(values.curve, 16);
const gpuSteps = Math.max(num(values['gpu-steps'], 48), curveSteps);
const gpuProviders = (values.providers ?? 'webgpu,cuda').split(',') as ExecutionProvider[];
const tolerance = num(values.tolerance, 2e-3);
const lr = 2e-4;
const cores = availableParallelism();

const started = performance.now();
const elapsed = () => (performance.now() - started) / 1000;
const left = () => budgetS - elapsed();
const lines: string[] = [];
const say = (line = '') => {
  console.log(line);
  lines.push(line);
};

function gpuName(): string {
  try {
    return execFileSync('nvidia-smi', ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader'], { encoding: 'utf8' }).trim();
  } catch {
    return 'no nvidia-smi';
  }
}

/** Runs one configuration, collecting the engine's fallback warnings instead of losing them in the log. */
async function attempt(options: TrainerOptions, steps: number): Promise<{ run?: CurveRun; warnings: string[]; error?: string }> {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
    warn(...args);
  };
  try {
    return { run: await lossCurve(work, model, options, steps), warnings };
  } catch (err) {
    return { warnings, error: (err as Error).message };
  } finally {
    console.warn = warn;
  }
}

say(`# dreamwatch GPU device check`);
say();
say(`- GPU: ${gpuName()}`);
say(`- node ${process.version}, onnxruntime-node ${ort.env.versions?.common ?? '?'}, backends ${JSON.stringify(ort.listSupportedBackends?.() ?? [])}`);
say(`- CPU: ${cores} cores; time budget ${budgetS} s`);

const work = caloWorkload({ batches: Math.min(gpuSteps, 16), batch });
const model = caloModel(hidden, lr, work.features);
const gflop = stepFlop(model, batch) / 1e9;
say(`- model: calo DREAM classifier ${work.features} -> ${hidden.join(' -> ')} -> 1, batch ${batch}, Adam ${lr}: ${gflop.toFixed(1)} GFLOP/step; workload generated in ${elapsed().toFixed(1)} s`);
say();

interface Row {
  label: string;
  requested: ExecutionProvider;
  run?: CurveRun;
  note: string;
}
const rows: Row[] = [];

// The cpu reference: its curve is what the GPU curves are compared with.
const cpu = await attempt({ provider: 'cpu', threads: cores }, curveSteps);
if (!cpu.run) throw new Error(`the cpu reference run failed: ${cpu.error}`);
rows.push({ label: `cpu, ${cores} threads, K=1`, requested: 'cpu', run: cpu.run, note: '' });
const cpuStepS = 1 / cpu.run.stepsPerSecond;

const configs: { label: string; options: TrainerOptions }[] = [];
for (const p of gpuProviders) {
  if (p === 'webgpu') {
    configs.push({ label: 'webgpu, K=1, state on device', options: { provider: 'webgpu', deviceState: true } });
    configs.push({ label: `webgpu, K=${K} (Loop), state on device`, options: { provider: 'webgpu', deviceState: true, stepsPerRun: K } });
    configs.push({ label: 'webgpu, K=1, state via host', options: { provider: 'webgpu', deviceState: false } });
  } else if (p === 'cuda') {
    configs.push({ label: 'cuda, K=1', options: { provider: 'cuda' } });
    configs.push({ label: `cuda, K=${K} (Loop)`, options: { provider: 'cuda', stepsPerRun: K } });
  }
}
const fellBack = new Set<string>();
for (const c of configs) {
  const p = c.options.provider!;
  if (fellBack.has(p)) {
    rows.push({ label: c.label, requested: p, note: 'skipped: provider did not load' });
    continue;
  }
  // A GPU run costs at most a few cpu steps of warm-up plus its timed steps; keep 60 s spare.
  const estimate = 30 + Math.min(gpuSteps * cpuStepS * 0.25, 120);
  if (left() < estimate + 60) {
    rows.push({ label: c.label, requested: p, note: `skipped: ${left().toFixed(0)} s of budget left` });
    continue;
  }
  const r = await attempt(c.options, gpuSteps);
  if (r.run && r.run.provider !== p) {
    fellBack.add(p);
    rows.push({ label: c.label, requested: p, note: `fell back to ${r.run.provider}: ${r.warnings.join(' ').slice(0, 300)}` });
    continue;
  }
  rows.push({ label: c.label, requested: p, run: r.run, note: r.error ? `failed: ${r.error.slice(0, 300)}` : '' });
}

say('| configuration | provider used | create s | warm-up run s | timed steps | steps/s | GFLOP/s | × cpu | max abs Δloss vs cpu (first ' + curveSteps + ' steps) | note |');
say('|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
const verdicts: string[] = [];
for (const row of rows) {
  const r = row.run;
  if (!r) {
    say(`| ${row.label} | - | | | | | | | | ${row.note} |`);
    continue;
  }
  const diff = curveDifference(r.losses.slice(0, curveSteps), cpu.run.losses);
  if (row.requested !== 'cpu') verdicts.push(`${row.label}: max |Δloss| ${diff.maxAbs.toExponential(2)} ${diff.maxAbs <= tolerance ? 'within' : 'OUTSIDE'} tolerance ${tolerance}`);
  say(
    `| ${row.label} | ${r.provider} | ${r.createS.toFixed(2)} | ${r.firstRunS.toFixed(2)} | ${r.timedSteps} | ${r.stepsPerSecond.toFixed(2)} | ${(r.stepsPerSecond * gflop).toFixed(0)} | ${(r.stepsPerSecond / cpu.run.stepsPerSecond).toFixed(1)} | ${row.requested === 'cpu' ? '(reference)' : diff.maxAbs.toExponential(2)} | ${row.note} |`,
  );
}
say();
say('## Loss curves: GPU vs cpu, same seed');
for (const v of verdicts) say(`- ${v}`);
if (verdicts.length === 0) say('- no GPU configuration ran');

// End to end: the DREAM protocol (training, per-epoch evaluation, export, scoring) on the first
// GPU provider that loaded, at reduced size.
const working = rows.find((r) => r.requested !== 'cpu' && r.run && r.run.provider === r.requested);
let e2e: Record<string, unknown> | undefined;
if (!values['no-e2e'] && working && left() > 90) {
  const provider = working.requested;
  const t = performance.now();
  try {
    const o = await runCaloDream({ events: 10_000, mismodel: 1, seed: 1, epochs: 2, batch, lr, hidden, provider, stepsPerRun: K });
    e2e = { provider: o.provider, auc: o.metrics.auc, aucCi: o.metrics.auc_ci, jsd: o.metrics.jsd, seconds: (performance.now() - t) / 1000 };
    say();
    say(`## End-to-end DREAM on ${o.provider} (10k showers per class, 2 epochs, K=${K})`);
    say(`- AUC ${o.metrics.auc.toFixed(4)} [${o.metrics.auc_ci[0].toFixed(4)}, ${o.metrics.auc_ci[1].toFixed(4)}], JSD ${o.metrics.jsd.toFixed(4)}, ${(e2e.seconds as number).toFixed(1)} s`);
  } catch (err) {
    e2e = { provider, error: (err as Error).message };
    say();
    say(`## End-to-end DREAM on ${provider}: failed: ${(err as Error).message.slice(0, 400)}`);
  }
}
say();
say(`total ${elapsed().toFixed(0)} s`);

writeFileSync(join(outDir, 'device-check.md'), lines.join('\n') + '\n');
writeFileSync(
  join(outDir, 'device-check.json'),
  JSON.stringify({ gpu: gpuName(), cores, hidden, batch, lr, gflopPerStep: gflop, curveSteps, gpuSteps, K, tolerance, rows, e2e }, null, 1),
);
