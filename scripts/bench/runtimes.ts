/**
 * One model, one batch, three runtimes, interleaved in one run: onnxruntime-web's wasm build
 * inside workerd (the Worker runtime, through the benchmark Worker in edge-worker/), the same
 * wasm build in Node, and onnxruntime-node's native CPU provider — each on one thread. Used by
 * the inference and flow benchmarks.
 *
 * @example
 *   const edge = await startEdgeRuntime();
 *   const row = await compareRuntimes(onnx, x, ['score'], { rounds: 15, edge });
 *   console.log(row.workerd_ms / row.native_ms);
 *   await edge.stop();
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web/wasm';
import type { Matrix } from '../../src/formats/matrix.js';
import { repoRoot } from '../data/paths.js';
import { freePort, median, processGroupMembers, sleep } from './lib.js';

ortWeb.env.wasm.numThreads = 1;
ortWeb.env.wasm.proxy = false;

/** The benchmark Worker running under `wrangler dev` on a loopback port. */
export interface EdgeRuntime {
  base: string;
  stop(): Promise<void>;
}

/** Starts scripts/bench/edge-worker under `wrangler dev` (no state, no account) and waits for it. */
export async function startEdgeRuntime(timeoutSeconds = 120): Promise<EdgeRuntime> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'dreamwatch-edge-bench-'));
  const log = openSync(join(dir, 'wrangler.log'), 'a');
  const config = join(repoRoot, 'scripts', 'bench', 'edge-worker', 'wrangler.toml');
  const child = spawn(
    join(repoRoot, 'node_modules', '.bin', 'wrangler'),
    ['dev', '-c', config, '--ip', '127.0.0.1', '--port', String(port), '--persist-to', join(dir, 'state'), '--log-level', 'warn'],
    {
      cwd: repoRoot,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
      detached: true,
      stdio: ['ignore', log, log],
    },
  );
  closeSync(log);
  const pgid = child.pid!;
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      try {
        process.kill(-pgid, signal);
      } catch {
        break; // gone
      }
      for (let i = 0; i < 50 && processGroupMembers(pgid).length > 0; i++) await sleep(100);
      if (processGroupMembers(pgid).length === 0) break;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    try {
      if ((await fetch(`${base}/ping`)).status === 404) return { base, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`the benchmark Worker did not start on ${base}`);
    }
    await sleep(250);
  }
}

async function edgeCall(edge: EdgeRuntime, method: string, path: string, body?: Uint8Array | Float32Array): Promise<Response> {
  const res = await fetch(`${edge.base}${path}`, { method, body: body && new Uint8Array(body.buffer, body.byteOffset, body.byteLength).slice() });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

export interface RuntimeComparison {
  rows: number;
  outputs: string;
  /** Best time per session.run over the rounds, ms. */
  workerd_ms: number;
  wasm_node_ms: number;
  native_ms: number;
  /** workerd / native: the edge's cost against native. */
  ratio: number;
  /** Median over rounds of the per-round workerd / native ratio. */
  median_ratio: number;
  /** wasm in Node / native. */
  wasm_node_ratio: number;
  /** Largest |difference| of the first output, wasm (both hosts) against native. */
  max_abs_diff: number;
}

export interface CompareOptions {
  rounds: number;
  /** Without it, only wasm in Node and native are measured (workerd fields are NaN). */
  edge?: EdgeRuntime;
  /** Seconds of warm-up at least (default 3): V8 first runs wasm from its baseline compiler and tiers up in the background. */
  warmSeconds?: number;
}

/**
 * Times one `session.run` of the same ONNX bytes on the same batch in each runtime. Rounds
 * alternate the order of the runtimes; the figure is the best time over the rounds (on a shared
 * machine other processes only ever add time), with the median per-round ratio as a check. In
 * workerd a round is the difference between a request of `reps` runs and one of none, divided by
 * `reps`, with `reps` chosen to make the request last ~150 ms.
 */
export async function compareRuntimes(onnx: Uint8Array, x: Matrix, fetches: string[], options: CompareOptions): Promise<RuntimeComparison> {
  const web = await ortWeb.InferenceSession.create(onnx, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const native = await ortNode.InferenceSession.create(onnx, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const input = web.inputNames[0];
  const first = fetches[0];
  const runWeb = async () => {
    const t = performance.now();
    const out = await web.run({ [input]: new ortWeb.Tensor('float32', x.data, [x.rows, x.cols]) }, fetches);
    const ms = performance.now() - t;
    const values = (out[first].data as Float32Array).slice();
    for (const tensor of Object.values(out)) tensor.dispose();
    return { ms, values };
  };
  const runNative = async () => {
    const t = performance.now();
    const out = await native.run({ [input]: new ortNode.Tensor('float32', x.data, [x.rows, x.cols]) }, fetches);
    return { ms: performance.now() - t, values: out[first].data as Float32Array };
  };
  const edge = options.edge;
  let reps = 1;
  const runEdge = async () => {
    if (!edge) return { ms: NaN, values: new Float32Array(0) };
    const query = `fetches=${encodeURIComponent(fetches.join(','))}`;
    let t = performance.now();
    await (await edgeCall(edge, 'POST', `/run?reps=0&${query}`)).arrayBuffer();
    const empty = performance.now() - t;
    t = performance.now();
    const values = new Float32Array(await (await edgeCall(edge, 'POST', `/run?reps=${reps}&${query}`)).arrayBuffer());
    return { ms: (performance.now() - t - empty) / reps, values };
  };
  if (edge) {
    await edgeCall(edge, 'PUT', '/model', onnx);
    await edgeCall(edge, 'PUT', `/batch?rows=${x.rows}&cols=${x.cols}`, x.data);
  }

  // Warm up for warmSeconds at least, then until workerd's time per run has stopped improving
  // (its V8 tiers the 14 MB ORT module up function by function, and more slowly than Node's on
  // a busy machine), for 30 s at most.
  const started = performance.now();
  const warmUntil = started + (options.warmSeconds ?? 3) * 1000;
  const edgeTimes: number[] = [];
  const settled = () => {
    if (!edge) return true;
    if (edgeTimes.length < 10) return false;
    const recent = Math.min(...edgeTimes.slice(-5));
    const before = Math.min(...edgeTimes.slice(0, -5));
    return recent > 0.97 * before;
  };
  for (let i = 0; i < 5 || performance.now() < warmUntil || (!settled() && performance.now() < started + 30_000); i++) {
    await runWeb();
    await runNative();
    const ms = (await runEdge()).ms;
    edgeTimes.push(ms);
    // Requests of ~50 ms while warming, so that the per-run times compared are not mostly noise.
    if (edge) reps = Math.max(1, Math.ceil(50 / Math.max(ms, 0.1)));
  }
  if (edge) reps = Math.max(2, Math.ceil(150 / Math.max(edgeTimes[edgeTimes.length - 1], 0.1)));

  const ms = { workerd: [] as number[], web: [] as number[], native: [] as number[] };
  const ratios: number[] = [];
  let maxDiff = 0;
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? ([runEdge, runWeb, runNative] as const) : ([runNative, runWeb, runEdge] as const);
    const results = new Map<unknown, { ms: number; values: Float32Array }>();
    for (const run of order) results.set(run, await run());
    const [e, w, n] = [results.get(runEdge)!, results.get(runWeb)!, results.get(runNative)!];
    ms.workerd.push(e.ms);
    ms.web.push(w.ms);
    ms.native.push(n.ms);
    ratios.push(e.ms / n.ms);
    for (const other of [w.values, e.values]) {
      for (let i = 0; i < other.length; i++) maxDiff = Math.max(maxDiff, Math.abs(other[i] - n.values[i]));
    }
  }
  await web.release();
  await native.release();
  const best = (v: number[]) => Math.min(...v);
  return {
    rows: x.rows,
    outputs: fetches.join('+'),
    workerd_ms: best(ms.workerd),
    wasm_node_ms: best(ms.web),
    native_ms: best(ms.native),
    ratio: best(ms.workerd) / best(ms.native),
    median_ratio: median(ratios),
    wasm_node_ratio: best(ms.web) / best(ms.native),
    max_abs_diff: maxDiff,
  };
}

/** events/s from a row count and ms per run. */
export function eventsPerSecond(rows: number, ms: number): number {
  return (rows / ms) * 1000;
}
