/**
 * Load test of the local service, loopback only, bounded in requests and time, stopping by itself.
 *
 * 1. Load: `npm start` on a free port with fresh state (its own process group); concurrent uploads
 *    of distinct real LHCO batches to a closed monitor with its upload token, alongside public score
 *    calls; throughput, p50/p99 latency per kind, errors (anything but 2xx), and workerd's resident
 *    memory sampled throughout.
 * 2. Largest batch: for each of `--probe-rows` (default half, once and twice MAX_ROWS) and each
 *    body type (.npy, JSON — the costliest to decode), a fresh warmed-up service takes one upload
 *    while workerd's RSS is sampled: the growth over the idle, warmed-up service bounds what one batch
 *    costs the isolate (it also counts the local D1/R2 simulators, which run in the same process,
 *    and memory the allocator keeps), to hold against the 128 MB isolate limit.
 *
 * `wrangler dev` reloads the Worker when a source file changes; a request cut by such a reload
 * answers 503 and is counted (and, in the probe, sent once more and marked).
 *
 *   npm run bench:load [-- --seconds 20 --max-requests 400 --upload-concurrency 4 --score-concurrency 2
 *                          --batch 2000 --score-batch 1000 --probe-rows 200000,400000]
 */
import { parseArgs } from 'node:util';
import type { Matrix } from '../../src/formats/matrix.js';
import { encodeNpy } from '../../src/formats/npy.js';
import { emitResult, machine, quantile, removeState, sampleWhile, startService, type Service } from './lib.js';
import { lhcoEvents } from './workloads.js';

const { values } = parseArgs({
  options: Object.fromEntries(
    ['seconds', 'max-requests', 'upload-concurrency', 'score-concurrency', 'batch', 'score-batch', 'probe-rows'].map((k) => [k, { type: 'string' as const }]),
  ),
});
const SECONDS = Number(values.seconds ?? 20);
const MAX_REQUESTS = Number(values['max-requests'] ?? 400);
const UPLOAD_CONCURRENCY = Number(values['upload-concurrency'] ?? 4);
const SCORE_CONCURRENCY = Number(values['score-concurrency'] ?? 2);
const BATCH = Number(values.batch ?? 2000);
const SCORE_BATCH = Number(values['score-batch'] ?? 1000);
const PROBE_ROWS = String(values['probe-rows'] ?? '100000,200000,400000').split(',').map(Number);

interface Sample {
  kind: 'upload' | 'score';
  ms: number;
  status: number;
}

function slice(m: Matrix, start: number, rows: number): Matrix {
  const data = new Float32Array(rows * m.cols);
  for (let r = 0; r < rows; r++) {
    const from = ((start + r) % m.rows) * m.cols;
    data.set(m.data.subarray(from, from + m.cols), r * m.cols);
  }
  return { rows, cols: m.cols, data };
}

function jsonOf(m: Matrix): string {
  const rows: number[][] = [];
  for (let r = 0; r < m.rows; r++) rows.push(Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
  return JSON.stringify({ events: rows });
}

async function createMonitor(service: Service, id: string, open: boolean): Promise<string> {
  const res = await fetch(`${service.base}/v1/monitors`, {
    method: 'POST',
    headers: { authorization: `Bearer ${service.adminToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id, model: 'lhco-dream', open_uploads: open }),
  });
  if (res.status !== 201) throw new Error(`creating monitor ${id}: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { upload_token: { token: string } }).upload_token.token;
}

async function load(events: Matrix): Promise<Record<string, unknown>> {
  const service = await startService({ args: ['--var', 'SCORE_RATE_LIMIT:1000000'] });
  try {
    const token = await createMonitor(service, 'load', false);
    const batches = Math.floor(events.rows / BATCH);
    const uploadBodies = Array.from({ length: batches }, (_, i) => encodeNpy(slice(events, i * BATCH, BATCH)));
    const scoreBody = encodeNpy(slice(events, 0, SCORE_BATCH));
    // Warm the isolate (ORT session) so the first requests do not measure the cold start.
    await fetch(`${service.base}/v1/score/lhco-dream`, { method: 'POST', headers: { 'content-type': 'application/x-npy' }, body: scoreBody as Uint8Array<ArrayBuffer> });
    const idleMiB = service.workerdRssMiB();

    const samples: Sample[] = [];
    let issued = 0;
    let uploadsIssued = 0;
    const deadline = performance.now() + SECONDS * 1000;
    const more = () => issued < MAX_REQUESTS && performance.now() < deadline;
    const request = async (kind: Sample['kind'], url: string, init: RequestInit) => {
      const t = performance.now();
      let status = 0;
      try {
        const res = await fetch(url, init);
        await res.arrayBuffer();
        status = res.status;
      } catch {
        status = -1; // connection failed
      }
      samples.push({ kind, ms: performance.now() - t, status });
    };
    const uploader = async () => {
      while (more()) {
        issued++;
        // Every upload a distinct batch (cycling would make repeats duplicates; beyond the data, rows shift by one).
        const i = uploadsIssued++;
        const body = i < uploadBodies.length ? uploadBodies[i] : encodeNpy(slice(events, i * BATCH + Math.floor(i / batches), BATCH));
        await request('upload', `${service.base}/v1/monitors/load/uploads`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-npy', authorization: `Bearer ${token}` },
          body: body as Uint8Array<ArrayBuffer>,
        });
      }
    };
    const scorer = async () => {
      while (more()) {
        issued++;
        await request('score', `${service.base}/v1/score/lhco-dream`, { method: 'POST', headers: { 'content-type': 'application/x-npy' }, body: scoreBody as Uint8Array<ArrayBuffer> });
      }
    };
    const started = performance.now();
    const { peak } = await sampleWhile(
      Promise.all([...Array.from({ length: UPLOAD_CONCURRENCY }, uploader), ...Array.from({ length: SCORE_CONCURRENCY }, scorer)]),
      () => service.workerdRssMiB(),
      100,
    );
    const seconds = (performance.now() - started) / 1000;
    const kinds = (['upload', 'score'] as const).map((kind) => {
      const mine = samples.filter((s) => s.kind === kind);
      const ms = mine.map((s) => s.ms);
      return {
        kind,
        requests: mine.length,
        per_s: mine.length / seconds,
        events_per_s: (mine.filter((s) => s.status >= 200 && s.status < 300).length * (kind === 'upload' ? BATCH : SCORE_BATCH)) / seconds,
        p50_ms: quantile(ms, 0.5),
        p99_ms: quantile(ms, 0.99),
        errors: mine.filter((s) => !(s.status >= 200 && s.status < 300)).length,
        statuses: [...new Set(mine.map((s) => s.status))].sort(),
      };
    });
    const stored = (await (await fetch(`${service.base}/v1/monitors/load`)).json()) as { uploads: number };
    return { seconds, requests: samples.length, kinds, idle_rss_mib: idleMiB, peak_rss_mib: peak, uploads_stored: stored.uploads, uploads_ok: kinds[0].requests - kinds[0].errors };
  } finally {
    await service.stop();
    removeState(service.stateDir);
  }
}

/** One upload of `n` events as `body` to a fresh, warmed-up service, with workerd's RSS sampled every 10 ms. */
async function probeOne(events: Matrix, n: number, body: 'npy' | 'json'): Promise<Record<string, unknown>> {
  // A fresh service per batch: freed memory is not always returned to the system, so measuring
  // several batches in one process would charge each with the leftovers of the ones before.
  const service = await startService({ args: ['--var', `MAX_ROWS:${n}`, '--var', 'SCORE_RATE_LIMIT:1000000'] });
  try {
    await createMonitor(service, 'probe', true);
    // Warm up with a small upload, so the idle figure includes the ORT session and the JIT.
    await fetch(`${service.base}/v1/monitors/probe/uploads`, { method: 'POST', headers: { 'content-type': 'application/x-npy' }, body: encodeNpy(slice(events, 0, 1000)) as Uint8Array<ArrayBuffer> });
    const m = slice(events, n, n);
    const payload = body === 'npy' ? encodeNpy(m) : new TextEncoder().encode(jsonOf(m));
    const send = () =>
      sampleWhile(
        fetch(`${service.base}/v1/monitors/probe/uploads`, {
          method: 'POST',
          headers: { 'content-type': body === 'npy' ? 'application/x-npy' : 'application/json' },
          body: payload as Uint8Array<ArrayBuffer>,
        }).then(async (res) => ({ status: res.status, text: await res.text() })),
        () => service.workerdRssMiB(),
        10,
      );
    const idle = service.workerdRssMiB();
    let t = performance.now();
    let { result, peak } = await send();
    const reloaded = result.status === 503 || !Number.isFinite(peak);
    if (reloaded) {
      t = performance.now();
      ({ result, peak } = await send());
    }
    return {
      rows: n,
      body,
      body_mib: payload.length / 2 ** 20,
      status: result.status,
      ms: performance.now() - t,
      idle_rss_mib: idle,
      peak_rss_mib: peak,
      growth_over_idle_mib: peak - idle,
      ...(reloaded ? { note: 'sent twice: a dev-server reload cut the first attempt' } : {}),
      error: result.status >= 300 ? result.text.slice(0, 200) : undefined,
    };
  } finally {
    await service.stop();
    removeState(service.stateDir);
  }
}

async function probe(events: Matrix): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const n of [...PROBE_ROWS].sort((a, b) => a - b)) for (const body of ['npy', 'json'] as const) rows.push(await probeOne(events, n, body));
  return rows;
}

const events = await lhcoEvents(120_000);
const loadResult = await load(events);
const probeRows = await probe(events);

console.log(machine().text);
console.log(
  `\nLoad: ${loadResult.requests} requests in ${(loadResult.seconds as number).toFixed(1)} s; ${UPLOAD_CONCURRENCY} upload clients (distinct ${BATCH}-event LHCO batches, .npy, upload token) + ${SCORE_CONCURRENCY} score clients (${SCORE_BATCH} events)\n`,
);
console.log('| kind | requests | req/s | events/s | p50 ms | p99 ms | errors | statuses |');
console.log('|---|---:|---:|---:|---:|---:|---:|---|');
for (const k of loadResult.kinds as { kind: string; requests: number; per_s: number; events_per_s: number; p50_ms: number; p99_ms: number; errors: number; statuses: number[] }[]) {
  console.log(`| ${k.kind} | ${k.requests} | ${k.per_s.toFixed(1)} | ${Math.round(k.events_per_s).toLocaleString('en-US')} | ${k.p50_ms.toFixed(0)} | ${k.p99_ms.toFixed(0)} | ${k.errors} | ${k.statuses.join(', ')} |`);
}
console.log(`\nworkerd RSS: ${(loadResult.idle_rss_mib as number).toFixed(0)} MiB idle (warm), ${(loadResult.peak_rss_mib as number).toFixed(0)} MiB peak under load; uploads stored ${loadResult.uploads_stored} of ${loadResult.uploads_ok} acknowledged`);
console.log('\nLargest batch: one upload each on a fresh, warmed-up service; workerd RSS sampled every 10 ms\n');
console.log('| events | body | MiB | HTTP | ms | idle RSS MiB | peak RSS MiB | growth MiB |');
console.log('|---:|---|---:|---:|---:|---:|---:|---:|');
for (const r of probeRows as { rows: number; body: string; body_mib: number; status: number; ms: number; idle_rss_mib: number; peak_rss_mib: number; growth_over_idle_mib: number }[]) {
  console.log(`| ${r.rows.toLocaleString('en-US')} | ${r.body} | ${r.body_mib.toFixed(1)} | ${r.status}${'note' in r ? ' (2nd try)' : ''} | ${r.ms.toFixed(0)} | ${r.idle_rss_mib.toFixed(0)} | ${r.peak_rss_mib.toFixed(0)} | ${r.growth_over_idle_mib.toFixed(0)} |`);
}
emitResult('load', { load: loadResult, probe: probeRows });
