/**
 * One shape for an upload: the answer to the upload (201), the answer to a repeat (200), GET of
 * one upload and the history carry the same keys for the same facts; only the answer to an upload
 * adds `duplicate`, which is about that request.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { Upload, UploadAnswer } from '../api/schemas.js';
import { call, createMonitor, errorOf } from '../../test/worker/helpers.js';

/** A small batch of distinct events (four features, as the demo model takes), as JSON and as CSV. */
function batch(rows = 40): { json: string; csv: string } {
  const events = Array.from({ length: rows }, () => Array.from({ length: 4 }, () => Math.round(Math.random() * 1e6) / 1e6));
  return { json: JSON.stringify({ events }), csv: events.map((e) => e.join(',')).join('\n') };
}

function post(monitor: string, body: string, type: string, headers: Record<string, string> = {}): Promise<Response> {
  return call(`/v1/monitors/${monitor}/uploads`, { method: 'POST', headers: { 'content-type': type, ...headers }, body });
}

const UPLOAD_KEYS = Object.keys(Upload.shape).sort();

describe('GET /v1/monitors/:id/uploads/:upload — the same upload everywhere', () => {
  it('the 201 answer, GET of it, its history entry and the 200 answers to repeats describe it identically', async () => {
    const monitor = await createMonitor('upload-shape');
    const events = batch();
    const key = `shape-${crypto.randomUUID()}`;
    const res = await post(monitor, events.json, 'application/json', { 'idempotency-key': key });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Record<string, unknown>;
    expect(z.safeParse(UploadAnswer, created).success).toBe(true);
    expect(Object.keys(created).sort()).toEqual([...UPLOAD_KEYS, 'duplicate'].sort());
    expect(created.duplicate).toBe(false);
    const { duplicate: _duplicate, ...upload } = created;

    const got = await call(`/v1/monitors/${monitor}/uploads/${upload.id as string}`);
    expect(got.status).toBe(200);
    const gotBody = (await got.json()) as Record<string, unknown>;
    expect(Object.keys(gotBody).sort()).toEqual(UPLOAD_KEYS);
    expect(gotBody).toEqual(upload);

    const history = (await (await call(`/v1/monitors/${monitor}/uploads`)).json()) as { uploads: Record<string, unknown>[] };
    expect(history.uploads).toEqual([upload]);

    // The same events again: without a key, in another format, and with the first key. Each is
    // the first upload, unchanged (its format too), plus duplicate: true.
    for (const [body, type, headers] of [
      [events.json, 'application/json', {}],
      [events.csv, 'text/csv', {}],
      [events.json, 'application/json', { 'idempotency-key': key }],
    ] as const) {
      const again = await post(monitor, body, type, headers);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ ...upload, duplicate: true });
    }
  });

  it('bad upload id → 400 invalid_id; unknown upload or monitor → 404', async () => {
    const monitor = await createMonitor('upload-get-errors');
    const cases: [string, number, string][] = [
      [`/v1/monitors/${monitor}/uploads/nope`, 400, 'invalid_id'],
      [`/v1/monitors/${monitor}/uploads/up_doesnotexist1`, 404, 'upload_not_found'],
      ['/v1/monitors/no-such-monitor/uploads/up_doesnotexist1', 404, 'monitor_not_found'],
    ];
    for (const [path, status, code] of cases) {
      const res = await call(path);
      expect([path, res.status, (await errorOf(res)).code]).toEqual([path, status, code]);
    }
  });
});
