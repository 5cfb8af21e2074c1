/**
 * The whole service in the local runtime that `npm start` uses (wrangler dev: workerd with local
 * D1, R2 and Queues, started here on 127.0.0.1 with a throw-away state directory), with a real
 * webhook receiver on 127.0.0.1 that verifies every delivery with the `standardwebhooks` library:
 *
 * - the Worker is stopped in the middle of a retry and started again: the delivery is finished
 *   from the state in D1 (the queue message died with the first process), exactly once;
 * - a file dropped into the watched R2 prefix is picked up, scored and alerted end to end;
 * - the `dreamwatch` CLI uploads CSV and CaloChallenge-layout HDF5 in binary form, as a job.
 *
 * Loopback only; every wait is bounded.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPlatformProxy, unstable_splitSqlQuery, unstable_startWorker } from 'wrangler';
import { lhcoTestBatches } from '../../scripts/data/test-batches.js';
import { decodeNpy } from '../../src/formats/npy.js';
import { startReceiver, type Receiver } from '../receiver.js';

const ADMIN_TOKEN = 'system-test-admin-token';
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
const JSON_ADMIN = { ...ADMIN, 'content-type': 'application/json' };
process.env.WRANGLER_SEND_METRICS = 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';

const batches = await lhcoTestBatches();
const batch = (name: string) => new Uint8Array(Buffer.from(batches![name], 'base64'));

type Worker = Awaited<ReturnType<typeof unstable_startWorker>>;
let state: string;
let receiver: Receiver;
let worker: Worker;
let base: string;

/** Starts the Worker from wrangler.toml on a free loopback port, with settings for testing. */
async function start(): Promise<Worker> {
  const plain = (value: string) => ({ type: 'plain_text' as const, value });
  const w = await unstable_startWorker({
    config: 'wrangler.toml',
    envFiles: [],
    bindings: {
      ADMIN_TOKEN: plain(ADMIN_TOKEN),
      WEBHOOK_SECRET_KEY: plain('system-test-deployment-key-0123456789'),
      WEBHOOK_ALLOW_PRIVATE_URLS: plain('true'),
      WEBHOOK_RETRY_BASE_MS: plain('6000'),
      WEBHOOK_MAX_ATTEMPTS: plain('4'),
      WEBHOOK_TIMEOUT_MS: plain('3000'),
      SWEEP_AFTER_MS: plain('0'),
    },
    dev: { persist: state, server: { hostname: '127.0.0.1', port: 0 }, inspector: false, watch: false, logLevel: 'warn' },
  });
  await w.ready;
  base = String(await w.url).replace(/\/$/, '');
  return w;
}

/** What the tests use of the local bindings (this Node project has no Workers types). */
interface LocalBindings {
  DB: { prepare(sql: string): unknown; batch(statements: unknown[]): Promise<unknown> };
  SAMPLES: { put(key: string, value: Uint8Array): Promise<unknown> };
}

/** The local D1 (migrated) and R2 of the state directory, without the Worker. */
async function platform() {
  return getPlatformProxy<LocalBindings>({ configPath: 'wrangler.toml', envFiles: [], persist: { path: join(state, 'v3') } });
}

async function api(path: string, init?: RequestInit): Promise<Response> {
  return fetch(`${base}${path}`, init);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function monitorWithAlerting(prefix: string, plan: string): Promise<{ monitor: string; name: string; hook: string }> {
  const monitor = `${prefix}-${Date.now().toString(36)}`;
  let res = await api('/v1/monitors', { method: 'POST', headers: JSON_ADMIN, body: JSON.stringify({ id: monitor, model: 'lhco-dream', open_uploads: true }) });
  expect(res.status).toBe(201);
  res = await api(`/v1/monitors/${monitor}/rules`, { method: 'PUT', headers: JSON_ADMIN, body: JSON.stringify({ rules: [{ name: 'auc-high', severity: 'critical', absolute: 0.54 }] }) });
  expect(res.status).toBe(200);
  const name = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
  res = await api(`/v1/monitors/${monitor}/webhooks`, { method: 'POST', headers: JSON_ADMIN, body: JSON.stringify({ url: `${receiver.url}/hook/${name}/${plan}` }) });
  expect(res.status).toBe(201);
  const { id, secret } = (await res.json()) as { id: string; secret: string };
  await fetch(`${receiver.url}/secrets/${name}`, { method: 'PUT', body: JSON.stringify({ secrets: [secret] }) });
  return { monitor, name, hook: id };
}

async function deliveries(monitor: string, hook: string) {
  const res = await api(`/v1/monitors/${monitor}/webhooks/${hook}/deliveries`, { headers: ADMIN });
  return ((await res.json()) as { deliveries: { status: string; attempts: number; attempt_log: { outcome: string; status: number | null }[] }[] }).deliveries;
}

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/dreamwatch.mjs', ...args], { env: { ...process.env, DREAMWATCH_URL: base } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

describe.runIf(batches !== null)('the local runtime (wrangler dev) end to end', () => {
  beforeAll(async () => {
    state = mkdtempSync(join(tmpdir(), 'dreamwatch-system-'));
    // Apply the numbered migrations, as `npm start` does.
    const local = await platform();
    for (const file of readdirSync('migrations').filter((f) => f.endsWith('.sql')).sort()) {
      const statements = unstable_splitSqlQuery(readFileSync(join('migrations', file), 'utf8'));
      await local.env.DB.batch(statements.map((s) => local.env.DB.prepare(s)));
    }
    await local.dispose();
    receiver = await startReceiver();
    worker = await start();
  });

  afterAll(async () => {
    await worker?.dispose();
    await receiver?.close();
    if (state) rmSync(state, { recursive: true, force: true });
  });

  it('a Worker restarted in the middle of a retry still delivers the alert, exactly once', async () => {
    const { monitor, name, hook } = await monitorWithAlerting('restart', '500,200');
    const res = await api(`/v1/monitors/${monitor}/uploads`, { method: 'POST', headers: { 'content-type': 'application/x-npy' }, body: batch('mismodelled') });
    const upload = (await res.json()) as { evaluation: { outcome: string; event_id: string } };
    expect(upload.evaluation.outcome).toBe('alert');
    // The first attempt fails; the retry is due 3–6 s later. Stop the Worker before it comes.
    await waitFor('the first attempt to be logged', async () => ((await deliveries(monitor, hook))[0]?.attempts === 1 && (await deliveries(monitor, hook))[0].attempt_log[0]?.outcome === 'retry' ? true : undefined));
    await worker.dispose();
    expect(receiver.log(name)).toHaveLength(1);

    worker = await start();
    // The queue message with the retry was lost with the process; the scheduled checks find the
    // due delivery in D1 and queue it again (run here through the admin route).
    await waitFor('the delivery to be re-queued', async () => {
      const report = (await (await api('/v1/checks/run', { method: 'POST', headers: ADMIN })).json()) as { deliveries_requeued: number };
      return report.deliveries_requeued > 0 ? true : undefined;
    });
    const log = await waitFor('the second attempt', async () => (receiver.log(name).length >= 2 ? receiver.log(name) : undefined));
    const [d] = await waitFor('the delivery to succeed', async () => {
      const list = await deliveries(monitor, hook);
      return list[0]?.status === 'succeeded' ? list : undefined;
    });
    expect(d.attempts).toBe(2);
    expect(d.attempt_log.map((a) => a.status)).toEqual([500, 200]);
    expect(log.map((r) => r.answer)).toEqual(['500', '200']);
    expect(log.every((r) => r.webhook_id === upload.evaluation.event_id && r.verified_with[0] && r.clock_skew_s! < 30)).toBe(true);
    // Nothing more arrives: one event, one success.
    await new Promise((r) => setTimeout(r, 1000));
    expect(receiver.log(name)).toHaveLength(2);
  });

  it('a file dropped into incoming/<monitor>/ is scored and alerted without an API call', async () => {
    const { monitor, name } = await monitorWithAlerting('dropped', '200');
    // A production pipeline writes its output into the bucket (here: the local R2 state).
    const local = await platform();
    await local.env.SAMPLES.put(`incoming/${monitor}/run-7.npy`, batch('mismodelled'));
    await local.dispose();
    // wrangler dev sends no R2 notifications; the scheduled reconciliation sends the one R2 would have.
    const report = (await (await api('/v1/checks/run', { method: 'POST', headers: ADMIN })).json()) as { notifications_sent: number };
    expect(report.notifications_sent).toBeGreaterThanOrEqual(1);
    const [received] = await waitFor('the alert', async () => (receiver.log(name).length > 0 ? receiver.log(name) : undefined), 45_000);
    expect(received.verified_with).toEqual([true]);
    const body = received.body as { type: string; data: { upload: { id: string }; rule: string } };
    expect(body.type).toBe('monitor.degraded');
    expect(body.data.rule).toBe('auc-high');
    const jobs = ((await (await api(`/v1/monitors/${monitor}/jobs`)).json()) as { jobs: { status: string; r2_key: string; upload_id: string }[] }).jobs;
    expect(jobs).toEqual([expect.objectContaining({ status: 'done', r2_key: `incoming/${monitor}/run-7.npy`, upload_id: body.data.upload.id })]);
  });

  it('the CLI uploads CSV (one request or as a job) and CaloChallenge HDF5, with progress', async () => {
    const monitor = `cli-${Date.now().toString(36)}`;
    await api('/v1/monitors', { method: 'POST', headers: JSON_ADMIN, body: JSON.stringify({ id: monitor, model: 'lhco-dream', open_uploads: true }) });
    const m = decodeNpy(batch('background'));
    const dir = mkdtempSync(join(tmpdir(), 'dreamwatch-cli-'));
    try {
      const rows: string[] = ['mj1,delta_mj,tau21_j1,tau21_j2'];
      for (let r = 0; r < m.rows; r++) rows.push(Array.from(m.data.subarray(r * 4, r * 4 + 4), (v) => v.toPrecision(9)).join(','));
      writeFileSync(join(dir, 'batch.csv'), `${rows.join('\n')}\n`);
      const direct = await runCli(['upload', join(dir, 'batch.csv'), '--monitor', monitor]);
      expect(direct.code, direct.stderr).toBe(0);
      const first = JSON.parse(direct.stdout) as { id: string; n: number; duplicate: boolean };
      expect(first).toEqual(expect.objectContaining({ n: 5000, duplicate: false }));
      expect(direct.stderr).toMatch(/5000 events × 4 columns/);

      const asJob = await runCli(['upload', join(dir, 'batch.csv'), '--monitor', monitor, '--job']);
      expect(asJob.code, asJob.stderr).toBe(0);
      expect(asJob.stderr).toMatch(/part 1\/1: .* \(100%\)/);
      expect(asJob.stderr).toMatch(/queued for scoring/);
      expect(JSON.parse(asJob.stdout)).toEqual(expect.objectContaining({ id: first.id, duplicate: true }));

      // CaloChallenge layout: incident energies and showers (here 4 "voxels" = the LHCO features).
      const { default: h5wasm } = await import('h5wasm/node');
      await h5wasm.ready;
      const file = new h5wasm.File(join(dir, 'showers.h5'), 'w');
      file.create_dataset({ name: 'showers', data: m.data, shape: [m.rows, 4] });
      file.create_dataset({ name: 'incident_energies', data: new Float32Array(m.rows).fill(65.5), shape: [m.rows, 1] });
      file.close();
      const h5 = await runCli(['upload', join(dir, 'showers.h5'), '--monitor', monitor, '--columns', '1-4', '--job']);
      expect(h5.code, h5.stderr).toBe(0);
      expect(h5.stderr).toMatch(/hdf5, 5000 events × 5 columns/);
      expect(JSON.parse(h5.stdout)).toEqual(expect.objectContaining({ id: first.id, duplicate: true }));

      const refused = await runCli(['upload', join(dir, 'batch.csv'), '--monitor', 'no-such-monitor']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/monitor_not_found/);
      expect((await runCli(['upload', join(dir, 'batch.csv')])).code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
