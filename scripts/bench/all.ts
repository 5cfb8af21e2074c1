/**
 * `npm run bench`: every benchmark, one after another (they would distort each other in
 * parallel), then one summary table of the headline figures with the machine described, then each
 * benchmark's own tables. Every benchmark is a script that also runs alone:
 *
 * | name      | script                      | measures |
 * |-----------|-----------------------------|----------|
 * | inference | scripts/bench/inference.ts  | DREAM classifier events/s, onnxruntime-web wasm in workerd (and in Node) vs onnxruntime-node, 1 thread |
 * | auc       | scripts/bench/auc.ts        | AUC + DeLong CI on 1M + 1M scores vs a textbook implementation |
 * | upload    | scripts/bench/upload.ts     | upload end to end per stage (100k × 4 LHCO, 10k × 533 calo), JSON vs .npy, and through the Worker |
 * | engine    | scripts/bench/engine.ts     | training engine steps/s vs a hand-written graph and tfjs |
 * | bundle    | scripts/bench/bundle.ts     | Worker bundle size, cold start |
 * | flows     | scripts/bench/flows.ts      | density-model log_prob (run when the file exists) |
 * | calo      | scripts/bench/calo.ts       | calorimeter-sized classifier training on CPU (run when the file exists) |
 *
 *   npm run bench [-- --only inference,auc] [-- --skip bundle]
 *
 * A benchmark prints `BENCH_RESULT <name> <json>` for this summary (scripts/bench/lib.ts); the older
 * ones (engine, bundle) and the optional ones are read from their printed tables, or shown as they
 * are. Each runs with a time limit and a failure is reported, not fatal.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../data/paths.js';
import { machine } from './lib.js';

interface Bench {
  name: string;
  file: string;
  args: string[];
  /** Seconds before the run is stopped. */
  limit: number;
  optional?: boolean;
}

const BENCHES: Bench[] = [
  { name: 'inference', file: 'inference.ts', args: [], limit: 600 },
  { name: 'auc', file: 'auc.ts', args: [], limit: 600 },
  { name: 'upload', file: 'upload.ts', args: [], limit: 900 },
  { name: 'engine', file: 'engine.ts', args: [], limit: 600 },
  { name: 'bundle', file: 'bundle.ts', args: [], limit: 600 },
  { name: 'flows', file: 'flows.ts', args: [], limit: 900, optional: true },
  { name: 'calo', file: 'calo.ts', args: ['--k', '1', '--steps', '3'], limit: 900, optional: true },
];

const { values } = parseArgs({ options: { only: { type: 'string' }, skip: { type: 'string' } } });
const only = values.only ? new Set(values.only.split(',')) : null;
const skip = new Set((values.skip ?? '').split(',').filter(Boolean));

interface Outcome {
  bench: Bench;
  ok: boolean;
  seconds: number;
  stdout: string;
  results: Record<string, unknown>;
}

function run(bench: Bench): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(repoRoot, 'scripts', 'bench', bench.file), ...bench.args], {
      cwd: repoRoot,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      process.stderr.write(d);
    });
    child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    const timer = setTimeout(() => {
      stdout += `\n(stopped after ${bench.limit} s)\n`;
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, bench.limit * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const results: Record<string, unknown> = {};
      for (const m of stdout.matchAll(/^BENCH_RESULT (\S+) (.*)$/gm)) results[m[1]] = JSON.parse(m[2]);
      resolve({ bench, ok: code === 0, seconds: (Date.now() - started) / 1000, stdout, results });
    });
  });
}

const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Headline rows [benchmark, what, figure] of one outcome. */
function headline(o: Outcome): string[][] {
  const name = o.bench.name;
  if (!o.ok) return [[name, 'failed', `see its output (${o.seconds.toFixed(0)} s)`]];
  const r = o.results[name] as Record<string, unknown> | undefined;
  if (name === 'inference' && r) {
    return (r.rows as { model: string; outputs: string; rows: number; workerd_ms: number; native_ms: number; ratio: number; wasm_node_ratio: number }[]).map((x) => [
      'edge inference',
      `${x.model}, ${x.outputs}, batch ${x.rows}: workerd (wasm) vs native events/s`,
      `${fmt((x.rows / x.workerd_ms) * 1000)} vs ${fmt((x.rows / x.native_ms) * 1000)} (${x.ratio.toFixed(2)}×; wasm in Node ${x.wasm_node_ratio.toFixed(2)}×)`,
    ]);
  }
  if (name === 'flows' && r) {
    const f = r as { model: string; rows: number; workerd_ms: number; native_ms: number; ratio: number; wasm_node_ratio: number };
    return [
      [
        'edge inference',
        `${f.model} log_prob, batch ${f.rows}: workerd (wasm) vs native events/s`,
        `${fmt((f.rows / f.workerd_ms) * 1000)} vs ${fmt((f.rows / f.native_ms) * 1000)} (${f.ratio.toFixed(2)}×; wasm in Node ${f.wasm_node_ratio.toFixed(2)}×)`,
      ],
    ];
  }
  if (name === 'auc' && r) {
    const a = r as { fast_ms: number; reference_ms: number; speedup: number; max_abs_diff: number };
    return [['AUC + DeLong CI, 1M + 1M', 'service vs textbook implementation', `${fmt(a.fast_ms)} ms vs ${fmt(a.reference_ms)} ms (${a.speedup.toFixed(1)}× faster, equal to ${a.max_abs_diff.toExponential(0)})`]];
  }
  if (name === 'upload' && r) {
    const u = r as {
      stages: { workload: string; body: string; decode_ms: number | null; score_ms: number | null; summary_ms: number | null; store_ms: number | null; total_ms: number | null; note?: string }[];
      worker: { workload: string; body: string; round_trip_ms: number; events_per_s: number }[];
    };
    const rows = u.stages.map((s) => [
      'upload, per stage (Node)',
      `${s.workload}, ${s.body}`,
      s.total_ms === null
        ? (s.note ?? '—')
        : `${fmt(s.total_ms)} ms = decode ${fmt(s.decode_ms!)} + score ${fmt(s.score_ms!)} + summary ${fmt(s.summary_ms!)} + store ${fmt(s.store_ms!)}`,
    ]);
    for (const w of u.worker) rows.push(['upload, through the Worker', `${w.workload}, ${w.body}`, `${fmt(w.round_trip_ms)} ms (${fmt(w.events_per_s)} events/s)`]);
    return rows;
  }
  if (name === 'engine') {
    const steps = (label: string) => new RegExp(`^\\| ${label} \\| \\d+ \\| [\\d.]+ \\| ([\\d.]+) \\|`, 'm').exec(o.stdout)?.[1];
    const ratio = /engine \/ hand-written time per step: ([\d.]+)x/.exec(o.stdout)?.[1];
    return [['training engine (MLP 30→64→1, batch 1024)', 'steps/s: engine, hand-written ONNX, tfjs-core', `${steps('engine')}, ${steps('hand-written ONNX')}, ${steps('tfjs-core cpu')} (engine/hand-written time ${ratio}×)`]];
  }
  if (name === 'bundle') {
    const total = /^\| \*\*total\*\* \| ([\d.]+) \| ([\d.]+) \|/m.exec(o.stdout);
    const ready = /first \/health: ([\d.]+) s/.exec(o.stdout)?.[1];
    const first = /first score request[^:]*: (\d+) ms \(HTTP (\d+)\); next: ([\d.]+) ms/.exec(o.stdout);
    return [
      ['Worker bundle', 'raw / gzip', total ? `${(Number(total[1]) / 1024).toFixed(1)} MiB / ${(Number(total[2]) / 1024).toFixed(1)} MiB` : '—'],
      ['cold start', 'wrangler dev to /health; first score; warm score', `${ready} s; ${first?.[1]} ms (HTTP ${first?.[2]}); ${first?.[3]} ms`],
    ];
  }
  if (r) return [[name, 'result', JSON.stringify(r).slice(0, 200)]];
  return [[name, 'ran', 'tables below']];
}

const host = machine();
const outcomes: Outcome[] = [];
for (const bench of BENCHES) {
  if ((only && !only.has(bench.name)) || skip.has(bench.name)) continue;
  if (bench.optional && !existsSync(join(repoRoot, 'scripts', 'bench', bench.file))) {
    console.error(`\n== ${bench.name}: scripts/bench/${bench.file} is not there yet; skipped`);
    continue;
  }
  console.error(`\n== ${bench.name}: scripts/bench/${bench.file} ${bench.args.join(' ')}`);
  outcomes.push(await run(bench));
}

console.log(`\n# dreamwatch benchmarks\n`);
console.log(`Machine: ${host.text}. Command: \`npm run bench\`.\n`);
console.log('| benchmark | what | figure |');
console.log('|---|---|---|');
for (const o of outcomes) for (const row of headline(o)) console.log(`| ${row.join(' | ')} |`);
for (const o of outcomes) {
  console.log(`\n## ${o.bench.name} (${o.seconds.toFixed(0)} s${o.ok ? '' : ', FAILED'})\n`);
  console.log(o.stdout.replace(/^BENCH_RESULT .*$/gm, '').trim());
}
if (outcomes.some((o) => !o.ok)) process.exitCode = 1;
