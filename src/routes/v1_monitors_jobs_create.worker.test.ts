/**
 * Large batches: multipart upload through the API, scoring in chunks by the jobs queue consumer,
 * a result identical to one-request scoring; and files dropped into the watched R2 prefix, fed to
 * the consumer as the R2 event notification Cloudflare sends.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createWebhook, listEvents, putRules, receiverLog, receiverName, waitFor } from '../../test/worker/alerts-helpers.js';
import { ADMIN, call, createClosedMonitor, createMonitor, errorOf, lhcoBatch, postNpy } from '../../test/worker/helpers.js';
import type { R2EventNotification } from '../background/messages.js';
import { decodeNpy } from '../formats/npy.js';
import worker from '../index.js';

const dataAvailable = lhcoBatch('background') !== null;
const PART = 5 * 1024 * 1024;
const JSON_HEADERS = { 'content-type': 'application/json' };

interface JobBody {
  id: string;
  status: string;
  r2_key: string;
  sha256: string | null;
  duplicate: boolean;
  upload_id: string | null;
  progress: { chunks_done: number; chunks: number | null };
  error: { code: string; message: string } | null;
  upload: { id: string; sha256: string; n: number; result: Record<string, unknown>; evaluation: { outcome: string } | null } | null;
}

async function createJob(monitor: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return call(`/v1/monitors/${monitor}/jobs`, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) });
}

/** Creates a job, sends `bytes` in 5 MiB parts, completes it and waits until it is done or failed. */
async function runJob(monitor: string, bytes: Uint8Array, body: Record<string, unknown> = { format: 'npy' }): Promise<JobBody> {
  const created = await createJob(monitor, body);
  expect(created.status).toBe(201);
  const job = (await created.json()) as JobBody & { upload: { part_size: number } };
  for (let offset = 0, n = 1; offset < bytes.length; offset += PART, n++) {
    const res = await call(`/v1/jobs/${job.id}/parts/${n}`, { method: 'PUT', body: bytes.slice(offset, offset + PART) });
    expect(res.status).toBe(200);
  }
  expect((await call(`/v1/jobs/${job.id}/complete`, { method: 'POST' })).status).toBe(202);
  return finished(job.id);
}

function finished(id: string): Promise<JobBody> {
  return waitFor(`job ${id}`, async () => {
    const job = (await (await call(`/v1/jobs/${id}`)).json()) as JobBody;
    return job.status === 'done' || job.status === 'failed' ? job : undefined;
  }, 45_000, 250);
}

/** The batch tiled `times` over and written as float64 .npy (so parts and dtype conversion are exercised). */
function tiledFloat64Npy(npy: Uint8Array, times: number): Uint8Array {
  const m = decodeNpy(npy);
  const rows = m.rows * times;
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${rows}, ${m.cols}), }`;
  const headerLength = Math.ceil((10 + dict.length + 1) / 64) * 64 - 10;
  const out = new Uint8Array(10 + headerLength + rows * m.cols * 8);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, headerLength, true);
  for (let i = 0; i < headerLength; i++) out[10 + i] = i < dict.length ? dict.charCodeAt(i) : i === headerLength - 1 ? 0x0a : 0x20;
  const data = new Float64Array(out.buffer, 10 + headerLength, rows * m.cols);
  for (let t = 0; t < times; t++) data.set(m.data, t * m.data.length);
  return out;
}

describe.runIf(dataAvailable)('jobs: large batches scored in chunks', () => {
  it('a job scored in 4 chunks gives exactly the result of one request', async () => {
    const direct = await createMonitor('job-direct');
    const viaJob = await createMonitor('job-chunked');
    const one = (await (await postNpy(`/v1/monitors/${direct}/uploads`, lhcoBatch('background')!)).json()) as { sha256: string; result: unknown; n: number };
    const job = await runJob(viaJob, lhcoBatch('background')!, { format: 'npy', chunk_rows: 1500 });
    expect(job.status).toBe('done');
    expect(job.progress).toEqual(expect.objectContaining({ chunks_done: 4, chunks: 4 }));
    expect(job.upload!.n).toBe(5000);
    expect(job.upload!.sha256).toBe(one.sha256);
    expect(job.upload!.result).toEqual(one.result);
    expect(job.upload!.evaluation?.outcome).toBe('no_rules');
    // Scratch objects are gone; the source stays as the stored sample.
    expect((await env.SAMPLES.list({ prefix: `jobs/${job.id}/work/` })).objects).toHaveLength(0);
    expect(await env.SAMPLES.head(job.r2_key)).not.toBeNull();
  });

  it('a batch the monitor has seen finishes as a duplicate of the first upload', async () => {
    const monitor = await createMonitor('job-dup');
    const first = (await (await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch('background')!)).json()) as { id: string };
    // The six-column file with a column selection is the same batch.
    const job = await runJob(monitor, lhcoBatch('background6')!, { format: 'npy', columns: '1,2,3,4' });
    expect(job).toEqual(expect.objectContaining({ status: 'done', duplicate: true, upload_id: first.id }));
    expect(await env.SAMPLES.head(job.r2_key)).toBeNull();
  });

  it('a 5.4 MB float64 file in two parts equals the same events in one request', async () => {
    const bytes = tiledFloat64Npy(lhcoBatch('background')!, 34); // 170,000 events
    expect(bytes.length).toBeGreaterThan(PART);
    const direct = await createMonitor('job-big-direct');
    const viaJob = await createMonitor('job-big');
    const one = (await (await postNpy(`/v1/monitors/${direct}/uploads`, bytes)).json()) as { sha256: string; result: unknown; n: number };
    expect(one.n).toBe(170_000);
    const job = await runJob(viaJob, bytes, { format: 'npy', chunk_rows: 50_000 });
    expect(job.status).toBe('done');
    expect(job.progress.chunks).toBe(4);
    expect(job.upload!.sha256).toBe(one.sha256);
    expect(job.upload!.result).toEqual(one.result);
  });

  it('a bad file fails the job with the decoder\'s error; nothing is recorded and the upload is removed', async () => {
    const monitor = await createMonitor('job-bad');
    const bad = await runJob(monitor, new TextEncoder().encode('not an npy file at all'));
    expect(bad.status).toBe('failed');
    expect(bad.error?.code).toBe('npy_bad_magic');
    const narrow = await runJob(monitor, lhcoBatch('background6')!);
    expect(narrow.error?.code).toBe('feature_count_mismatch');
    const nan = new Float32Array([1, 2, 3, 4, 5, NaN, 7, 8]);
    const raw = await runJob(monitor, new Uint8Array(nan.buffer), { format: 'raw', shape: '2,4' });
    expect(raw.error).toEqual(expect.objectContaining({ code: 'non_finite' }));
    expect(raw.error?.message).toMatch(/row 1, column 1/);
    const history = (await (await call(`/v1/monitors/${monitor}/uploads`)).json()) as { uploads: unknown[] };
    expect(history.uploads).toHaveLength(0);
    expect(await env.SAMPLES.head(bad.r2_key)).toBeNull();
    const list = (await (await call(`/v1/monitors/${monitor}/jobs`)).json()) as { jobs: JobBody[] };
    expect(list.jobs.map((j) => j.status)).toEqual(['failed', 'failed', 'failed']);
  });
});

describe('jobs API — refusals', () => {
  it('refuses bad job bodies, parts and completions with clear 4xx errors', async () => {
    const monitor = await createMonitor('job-errors');
    const bodyCases: [unknown, number, string][] = [
      [{ format: 'raw' }, 422, 'missing_shape'],
      [{ format: 'npy', shape: '2,4' }, 422, 'invalid_body'],
      [{ format: 'parquet' }, 422, 'invalid_body'],
      [{ format: 'npy', columns: '1,,2' }, 400, 'bad_columns_spec'],
      [{ format: 'raw', shape: 'four' }, 422, 'bad_shape'],
      [{ format: 'npy', chunk_rows: 5 }, 422, 'invalid_body'],
    ];
    for (const [body, status, code] of bodyCases) {
      const res = await createJob(monitor, body as Record<string, unknown>);
      expect([JSON.stringify(body), res.status, (await errorOf(res)).code]).toEqual([JSON.stringify(body), status, code]);
    }
    expect((await createJob('no-such-monitor', { format: 'npy' })).status).toBe(404);
    expect((await call(`/v1/monitors/${monitor}/jobs`, { method: 'POST', body: '{}' })).status).toBe(415);
    expect(((await (await call(`/v1/monitors/${monitor}/jobs`)).json()) as { jobs: unknown[] }).jobs).toHaveLength(0);

    const job = (await (await createJob(monitor, { format: 'npy' })).json()) as JobBody;
    const partCases: [string, RequestInit, number, string][] = [
      [`/v1/jobs/${job.id}/parts/0`, { method: 'PUT', body: 'x' }, 400, 'invalid_part'],
      [`/v1/jobs/${job.id}/parts/10001`, { method: 'PUT', body: 'x' }, 400, 'invalid_part'],
      [`/v1/jobs/${job.id}/parts/1`, { method: 'PUT', body: new Uint8Array(0) }, 400, 'empty_part'],
      [`/v1/jobs/${job.id}/parts/1`, { method: 'PUT', body: new Uint8Array(PART + 1) }, 413, 'body_too_large'],
      ['/v1/jobs/job_00000000000000/parts/1', { method: 'PUT', body: 'x' }, 404, 'job_not_found'],
      ['/v1/jobs/bad-id/parts/1', { method: 'PUT', body: 'x' }, 400, 'invalid_id'],
      [`/v1/jobs/${job.id}/complete`, { method: 'POST' }, 422, 'no_parts'],
    ];
    for (const [path, init, status, code] of partCases) {
      const res = await call(path, init);
      expect([path, res.status, (await errorOf(res)).code]).toEqual([path, status, code]);
    }
    // Part 2 without part 1, then a short part 1 followed by another part.
    expect((await call(`/v1/jobs/${job.id}/parts/2`, { method: 'PUT', body: 'abc' })).status).toBe(200);
    let res = await call(`/v1/jobs/${job.id}/complete`, { method: 'POST' });
    expect((await errorOf(res)).code).toBe('missing_part');
    expect((await call(`/v1/jobs/${job.id}/parts/1`, { method: 'PUT', body: 'abc' })).status).toBe(200);
    res = await call(`/v1/jobs/${job.id}/complete`, { method: 'POST' });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe('bad_part_size');
    const still = (await (await call(`/v1/jobs/${job.id}`)).json()) as JobBody;
    expect(still.status).toBe('uploading');
  });

  it('a closed monitor takes job parts only with its upload token', async () => {
    const { id: monitor, token } = await createClosedMonitor('job-closed');
    expect((await createJob(monitor, { format: 'npy' })).status).toBe(401);
    expect((await createJob(monitor, { format: 'npy' }, ADMIN)).status).toBe(403);
    const created = await createJob(monitor, { format: 'npy' }, { authorization: `Bearer ${token}` });
    expect(created.status).toBe(201);
    const job = (await created.json()) as JobBody;
    expect((await call(`/v1/jobs/${job.id}/parts/1`, { method: 'PUT', body: 'x' })).status).toBe(401);
    expect((await call(`/v1/jobs/${job.id}/complete`, { method: 'POST' })).status).toBe(401);
  });
});

describe.runIf(dataAvailable)('files dropped into the watched R2 prefix', () => {
  function notification(key: string, action = 'PutObject'): R2EventNotification {
    return { account: 'test', bucket: 'dreamwatch-samples', object: { key, size: 1, eTag: 'x' }, action, eventTime: new Date().toISOString() };
  }

  /** Hands messages to the Worker's queue consumer exactly as the R2 notification queue would. */
  async function consume(...bodies: R2EventNotification[]) {
    const batch = createMessageBatch('dreamwatch-r2-events', bodies.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })));
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    return getQueueResult(batch, ctx);
  }

  it('are scored without an API call and raise the alert, once per object version', async () => {
    const monitor = await createMonitor('r2-drop');
    await putRules(monitor, { rules: [{ name: 'auc-high', severity: 'critical', absolute: 0.54 }] });
    const name = receiverName('r2-drop');
    await createWebhook(monitor, name);
    const key = `incoming/${monitor}/production-run-42.npy`;
    await env.SAMPLES.put(key, lhcoBatch('mismodelled')!);

    const result = await consume(notification(key));
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toHaveLength(0);
    // The same notification again (queues deliver at least once) makes no second job.
    await consume(notification(key));
    const jobs = ((await (await call(`/v1/monitors/${monitor}/jobs`)).json()) as { jobs: JobBody[] }).jobs;
    expect(jobs).toHaveLength(1);
    const job = await finished(jobs[0].id);
    expect(job.status).toBe('done');
    expect(job.r2_key).toBe(key);
    expect(job.upload!.evaluation?.outcome).toBe('alert');
    const received = await waitFor('the alert', async () => {
      const log = await receiverLog(name);
      return log.length > 0 ? log : undefined;
    });
    expect(received[0].verified_with).toEqual([true]);
    expect((received[0].body as { data: { upload: { id: string } } }).data.upload.id).toBe(job.upload_id);
    expect(await listEvents(monitor)).toHaveLength(1);
    // The dropped file is its owner's: it stays.
    expect(await env.SAMPLES.head(key)).not.toBeNull();
  });

  it('a dropped CSV is matched to the model features by its header, as a one-request upload is', async () => {
    const monitor = await createMonitor('r2-csv');
    const m = decodeNpy(lhcoBatch('background')!);
    // Columns in another order, plus one the model does not use.
    const lines = ['tau21_j2,run,mj1,tau21_j1,delta_mj'];
    for (let r = 0; r < m.rows; r++) {
      const [a, b, c, d] = Array.from(m.data.subarray(r * 4, r * 4 + 4), (v) => v.toPrecision(9));
      lines.push([d, r, a, c, b].join(','));
    }
    const key = `incoming/${monitor}/shuffled.csv`;
    await env.SAMPLES.put(key, `${lines.join('\n')}\n`);
    await consume(notification(key));
    const [queued] = ((await (await call(`/v1/monitors/${monitor}/jobs`)).json()) as { jobs: JobBody[] }).jobs;
    const job = await finished(queued.id);
    expect(job.status).toBe('done');
    const direct = (await (await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch('background')!)).json()) as { id: string; duplicate: boolean };
    expect(direct).toEqual(expect.objectContaining({ id: job.upload_id, duplicate: true }));
  });

  it('ignores deletions, other prefixes and unknown monitors; records unreadable names as failed jobs', async () => {
    const monitor = await createMonitor('r2-other');
    await env.SAMPLES.put(`incoming/${monitor}/notes.txt`, 'hello');
    const result = await consume(
      notification(`incoming/${monitor}/gone.npy`, 'DeleteObject'),
      notification(`elsewhere/${monitor}/x.npy`),
      notification('incoming/no-such-monitor/x.npy'),
      notification(`incoming/${monitor}/notes.txt`),
    );
    expect(result.explicitAcks).toHaveLength(4);
    const jobs = ((await (await call(`/v1/monitors/${monitor}/jobs`)).json()) as { jobs: JobBody[] }).jobs;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toEqual(expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 'unsupported_media_type' }) }));
  });

  it('a file whose notification was lost is found by the scheduled checks', async () => {
    const monitor = await createMonitor('r2-sweep');
    const key = `incoming/${monitor}/no-notification.npy`;
    await env.SAMPLES.put(key, lhcoBatch('background2')!);
    const report = (await (await call('/v1/checks/run', { method: 'POST', headers: ADMIN })).json()) as { notifications_sent: number };
    expect(report.notifications_sent).toBeGreaterThanOrEqual(1);
    const job = await waitFor('the job', async () => {
      const jobs = ((await (await call(`/v1/monitors/${monitor}/jobs`)).json()) as { jobs: JobBody[] }).jobs;
      return jobs[0];
    });
    expect((await finished(job.id)).status).toBe('done');
  });
});
