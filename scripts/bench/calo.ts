/**
 * Training throughput of the calorimeter-scale DREAM classifier (CaloChallenge architecture:
 * 534 inputs, 3 × 2048 LeakyReLU, batch 1000, Adam 2e-4; ~57 GFLOP per step) on generated
 * dataset-1 pion showers, per execution provider, steps per session.run (K) and thread count,
 * with the loss curves compared against the first configuration.
 *
 *   npx tsx scripts/bench/calo.ts [--providers cpu,webgpu,cuda] [--k 1,4] [--threads 1]
 *                                 [--steps 8] [--hidden 2048,2048,2048] [--batch 1000]
 *                                 [--lr 2e-4] [--batches 8] [--device-state auto|on|off]
 *                                 [--json FILE]
 *
 * Each configuration trains `steps` steps from the same initial weights on the same batches; the
 * first run (K steps) is the warm-up (shader compilation on GPU providers) and is reported
 * separately; steps/s is over the remaining steps. The process CPU time per step is printed
 * beside the wall time: on a shared machine it is the steadier figure for 1-thread runs. A
 * provider that fails to load falls back to cpu with a message, and its row says so.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ExecutionProvider } from '../engine/index.js';
import { caloModel, caloWorkload, curveDifference, lossCurve, stepFlop, type CurveRun } from './calo-workload.js';

const { values } = parseArgs({
  options: Object.fromEntries(
    ['providers', 'k', 'threads', 'steps', 'hidden', 'batch', 'lr', 'batches', 'device-state', 'json'].map((k) => [k, { type: 'string' as const }]),
  ),
});
const list = (v: unknown, fallback: string) => String(v ?? fallback).split(',').map((s) => s.trim());
const ints = (v: unknown, fallback: string) => list(v, fallback).map((s) => {
  const x = Number(s);
  if (!Number.isInteger(x) || x < 1) throw new Error(`expected positive integers, got "${s}"`);
  return x;
});
const providers = list(values.providers, 'cpu') as ExecutionProvider[];
const ks = ints(values.k, '1,4');
const threadCounts = ints(values.threads, '1');
const steps = ints(values.steps, String(2 * Math.max(...ks)))[0];
const hidden = ints(values.hidden, '2048,2048,2048');
const batch = ints(values.batch, '1000')[0];
const lr = Number(values.lr ?? 2e-4);
const batches = ints(values.batches, String(Math.min(steps, 8)))[0];
const deviceStateFlag = String(values['device-state'] ?? 'auto');
const deviceState = deviceStateFlag === 'on' ? true : deviceStateFlag === 'off' ? false : 'auto';

const t0 = performance.now();
const work = caloWorkload({ batches, batch });
const model = caloModel(hidden, lr, work.features);
const gflop = stepFlop(model, batch) / 1e9;
console.log(`calo DREAM classifier ${work.features} -> ${hidden.join(' -> ')} -> 1 (LeakyReLU), batch ${batch}, BCE + Adam ${lr}`);
console.log(`${(model.weights / 1e6).toFixed(2)}M weights, ${gflop.toFixed(1)} GFLOP per step; ${batches} distinct batches generated in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${steps} steps per configuration`);
console.log('');
console.log('| provider | K | threads | device state | create s | warm-up run s | timed steps | steps/s (wall) | GFLOP/s (wall) | process CPU s/step | max abs Δloss vs first row |');
console.log('|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|');

const rows: (CurveRun & { requested: string; threads: number })[] = [];
for (const provider of providers) {
  for (const threads of threadCounts) {
    for (const k of ks) {
      const run = await lossCurve(work, model, { provider, threads, stepsPerRun: k, deviceState }, steps);
      const base = rows[0] ?? run;
      const diff = curveDifference(run.losses, base.losses);
      const name = run.provider === provider ? provider : `${provider} (fell back to ${run.provider})`;
      console.log(
        `| ${name} | ${k} | ${threads} | ${run.deviceState ? 'on device' : 'host'} | ${run.createS.toFixed(2)} | ${run.firstRunS.toFixed(2)} | ${run.timedSteps} | ${run.stepsPerSecond.toFixed(3)} | ${(run.stepsPerSecond * gflop).toFixed(1)} | ${run.cpuSPerStep.toFixed(2)} | ${diff.maxAbs.toExponential(2)} |`,
      );
      rows.push({ ...run, requested: provider, threads });
    }
  }
}
if (values.json) {
  writeFileSync(String(values.json), JSON.stringify({ hidden, batch, lr, gflopPerStep: gflop, steps, rows }, null, 1));
  console.log(`\nwrote ${values.json}`);
}
