import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, createMonitor, errorOf, storedState } from '../../test/worker/helpers.js';

interface UploadBody {
  id: string;
  sha256: string;
  duplicate: boolean;
}

/** A distinct small batch per seed. */
function events(seed: number): number[][] {
  return Array.from({ length: 20 }, (_, i) => [0.3 + ((i * 7 + seed) % 13) / 20, 0.1 + (i % 5) / 10, 0.2 + ((seed * 3 + i) % 11) / 20, 0.5 + seed / 1000]);
}

function post(monitor: string, rows: number[][], key?: string, type: 'json' | 'csv' = 'json'): Promise<Response> {
  const body = type === 'json' ? JSON.stringify({ events: rows }) : rows.map((r) => r.join(',')).join('\n');
  return call(`/v1/monitors/${monitor}/uploads`, {
    method: 'POST',
    headers: { 'content-type': type === 'json' ? 'application/json' : 'text/csv', ...(key ? { 'idempotency-key': key } : {}) },
    body,
  });
}

async function rowsWithHash(sha256: string): Promise<number> {
  return (await env.DB.prepare('SELECT COUNT(*) AS n FROM uploads WHERE sha256 = ?1').bind(sha256).first<{ n: number }>())!.n;
}

describe('Idempotency-Key on uploads — happy path', () => {
  it('a retry with the same key and events returns the first result and stores nothing more', async () => {
    const monitor = await createMonitor('idem-retry');
    const first = await post(monitor, events(1), 'key-retry');
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as UploadBody;
    const before = await storedState(env);
    const retry = await post(monitor, events(1), 'key-retry');
    expect(retry.status).toBe(200);
    expect((await retry.json()) as UploadBody).toMatchObject({ id: firstBody.id, duplicate: true });
    // The same events as CSV are the same body.
    const asCsv = await post(monitor, events(1), 'key-retry', 'csv');
    expect(((await asCsv.json()) as UploadBody).id).toBe(firstBody.id);
    expect(await storedState(env)).toBe(before);
  });

  it('a refused request does not use up its key', async () => {
    const monitor = await createMonitor('idem-refused');
    const bad = await post(monitor, [[1, 2, 3]], 'key-refused');
    expect(bad.status).toBe(422);
    expect((await post(monitor, events(2), 'key-refused')).status).toBe(201);
  });

  it('keys belong to one monitor', async () => {
    const a = await createMonitor('idem-a');
    const b = await createMonitor('idem-b');
    expect((await post(a, events(3), 'shared-key')).status).toBe(201);
    expect((await post(b, events(4), 'shared-key')).status).toBe(201);
  });

  it('concurrent duplicates with one key create one upload, and every answer names it', async () => {
    const monitor = await createMonitor('idem-concurrent');
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(monitor, events(5), 'key-concurrent')));
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as UploadBody[];
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(await rowsWithHash(bodies[0].sha256)).toBe(1);
  });

  it('concurrent duplicates without a key also create one upload (content hash)', async () => {
    const monitor = await createMonitor('idem-concurrent-nokey');
    const answers = await Promise.all(Array.from({ length: 4 }, () => post(monitor, events(6))));
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as UploadBody[];
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    const count = await env.DB.prepare('SELECT COUNT(*) AS n FROM uploads WHERE monitor_id = ?1').bind(monitor).first<{ n: number }>();
    expect(count!.n).toBe(1);
  });
});

describe('Idempotency-Key on uploads — errors change nothing stored', () => {
  it('the same key with other events → 422 idempotency_key_reused', async () => {
    const monitor = await createMonitor('idem-reused');
    expect((await post(monitor, events(7), 'key-reused')).status).toBe(201);
    const before = await storedState(env);
    const other = await post(monitor, events(8), 'key-reused');
    expect(other.status).toBe(422);
    expect((await errorOf(other)).code).toBe('idempotency_key_reused');
    expect(await storedState(env)).toBe(before);
  });

  it('a key first used on a duplicate batch is bound to it', async () => {
    const monitor = await createMonitor('idem-dup-bind');
    expect((await post(monitor, events(9))).status).toBe(201);
    expect((await post(monitor, events(9), 'key-late')).status).toBe(200);
    const other = await post(monitor, events(10), 'key-late');
    expect([other.status, (await errorOf(other)).code]).toEqual([422, 'idempotency_key_reused']);
  });

  it('concurrent requests with one key and different events: one upload, the others refused', async () => {
    const monitor = await createMonitor('idem-race');
    const answers = await Promise.all([11, 12, 13, 14].map((seed) => post(monitor, events(seed), 'key-race')));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 422, 422, 422]);
    const count = await env.DB.prepare('SELECT COUNT(*) AS n FROM uploads WHERE monitor_id = ?1').bind(monitor).first<{ n: number }>();
    expect(count!.n).toBe(1);
  });

  it('malformed keys → 400 invalid_idempotency_key', async () => {
    for (const key of ['', 'has space', 'x'.repeat(256)]) {
      const res = await post('lhco-dream', events(15), key || ' ');
      expect([res.status, (await errorOf(res)).code]).toEqual([400, 'invalid_idempotency_key']);
    }
  });
});
