/** Helpers for tests that run inside workerd against the real Worker. */
import { exports } from 'cloudflare:workers';
import { inject } from 'vitest';

export const ADMIN = { authorization: 'Bearer test-admin-token' };

/** Sends a request to the Worker under test (the default export of src/index.ts). */
export function call(path: string, init?: RequestInit): Promise<Response> {
  return (exports as unknown as { default: Fetcher }).default.fetch(`http://dreamwatch.test${path}`, init);
}

/** A real LHCO batch from the global setup, as .npy bytes; null when ../shared/data is absent. */
export function lhcoBatch(name: 'background' | 'mismodelled' | 'signal' | 'background6' | 'background2' | 'noisySmall'): Uint8Array | null {
  const batches = inject('lhcoBatches');
  if (!batches) return null;
  return Uint8Array.from(atob(batches[name]), (c) => c.charCodeAt(0));
}

export function postNpy(path: string, bytes: Uint8Array, headers: Record<string, string> = {}): Promise<Response> {
  return call(path, { method: 'POST', headers: { 'content-type': 'application/x-npy', ...headers }, body: bytes });
}

export async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return body.error;
}

/**
 * Row counts of the tables and objects in the bucket: "nothing stored changed" checks compare two
 * of these. Upload tokens and Idempotency-Keys count too; the rate limiter's counters do not (they
 * are the one thing a refused request is meant to change).
 */
export async function storedState(env: { DB: D1Database; SAMPLES: R2Bucket }): Promise<string> {
  // One statement, one round trip: the corpus test calls this hundreds of times.
  const counts = await env.DB.prepare(
    `SELECT (SELECT COUNT(*) FROM monitors) AS monitors, (SELECT COUNT(*) FROM uploads) AS uploads,
            (SELECT COUNT(*) FROM upload_tokens) AS upload_tokens, (SELECT COUNT(*) FROM idempotency_keys) AS idempotency_keys,
            (SELECT COUNT(*) FROM monitors WHERE open_uploads = 1) AS open_monitors`,
  ).first<Record<string, number>>();
  const objects = await env.SAMPLES.list();
  return JSON.stringify({ ...counts, objects: objects.objects.length });
}

/**
 * Creates a monitor on the demo model with a unique id derived from `prefix`; returns the id. It is
 * open for uploads without a token, so tests about something else can upload to it directly;
 * access-control tests use `createClosedMonitor`.
 */
export async function createMonitor(prefix: string, model = 'lhco-dream'): Promise<string> {
  return (await createMonitorWithToken(prefix, model, true)).id;
}

/** Creates a monitor closed to uploads without a token; returns its id and first upload token. */
export function createClosedMonitor(prefix: string, model = 'lhco-dream'): Promise<{ id: string; token: string }> {
  return createMonitorWithToken(prefix, model, false);
}

async function createMonitorWithToken(prefix: string, model: string, open: boolean): Promise<{ id: string; token: string }> {
  const id = `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
  const res = await call('/v1/monitors', {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ id, model, open_uploads: open }),
  });
  if (res.status !== 201) throw new Error(`creating monitor ${id}: HTTP ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { upload_token: { token: string } };
  return { id, token: body.upload_token.token };
}
