/** Helpers for tests that run inside workerd against the real Worker. */
import { exports } from 'cloudflare:workers';
import { inject } from 'vitest';

export const ADMIN = { authorization: 'Bearer test-admin-token' };

/** Sends a request to the Worker under test (the default export of src/index.ts). */
export function call(path: string, init?: RequestInit): Promise<Response> {
  return (exports as unknown as { default: Fetcher }).default.fetch(`http://dreamwatch.test${path}`, init);
}

/** A real LHCO batch from the global setup, as .npy bytes; null when ../shared/data is absent. */
export function lhcoBatch(name: 'background' | 'mismodelled' | 'signal' | 'background6'): Uint8Array | null {
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

/** Row counts of the tables and objects in the bucket: "nothing stored changed" checks compare two of these. */
export async function storedState(env: { DB: D1Database; SAMPLES: R2Bucket }): Promise<string> {
  const monitors = await env.DB.prepare('SELECT COUNT(*) AS n FROM monitors').first<{ n: number }>();
  const uploads = await env.DB.prepare('SELECT COUNT(*) AS n FROM uploads').first<{ n: number }>();
  const objects = await env.SAMPLES.list();
  return JSON.stringify({ monitors: monitors?.n, uploads: uploads?.n, objects: objects.objects.length });
}

/** Creates a monitor on the demo model with a unique id derived from `prefix`; returns the id. */
export async function createMonitor(prefix: string, model = 'lhco-dream'): Promise<string> {
  const id = `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
  const res = await call('/v1/monitors', {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ id, model }),
  });
  if (res.status !== 201) throw new Error(`creating monitor ${id}: HTTP ${res.status} ${await res.text()}`);
  return id;
}
