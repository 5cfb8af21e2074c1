/**
 * Scopes on every route the API documents (src/api/operations.ts, which another test keeps equal to
 * the routes the app registers): each one is sent with no token, a wrong token and a token of the
 * wrong scope. Management operations must answer 401 / 403 `forbidden` / 403 `insufficient_scope`
 * and change nothing; public ones must not care; uploads to a closed monitor need that monitor's
 * own upload token. No answer ever contains a token that was sent.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { operations, type Operation } from '../../src/api/operations.js';
import { ADMIN, call, createClosedMonitor, storedState } from './helpers.js';

type Scope = 'public' | 'admin' | 'upload';

/** Operations that put events into a monitor: a single upload, and the parts of a large-batch job. */
const UPLOAD_OPERATIONS = new Set(['createUpload', 'createJob', 'putJobPart', 'completeJob']);

/** The scope an operation needs: management is admin, sending events is upload, the rest is public. */
function scopeOf(op: Operation): Scope {
  if (op.admin) return 'admin';
  if (UPLOAD_OPERATIONS.has(op.operationId)) return 'upload';
  return 'public';
}

let closed: { id: string; token: string };
let other: { id: string; token: string };
/** A job of the closed monitor, so that the job routes reach their access check. */
let jobId = 'x';

beforeAll(async () => {
  closed = await createClosedMonitor('acl-closed');
  other = await createClosedMonitor('acl-other');
  if (operations.some((op) => op.operationId === 'createJob')) {
    const res = await call(`/v1/monitors/${closed.id}/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${closed.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'npy' }),
    });
    if (res.status === 201) jobId = ((await res.json()) as { id: string }).id;
  }
});

/** A request for `op` that would succeed with the right credentials (ids that exist, a small valid body). */
function requestFor(op: Operation, monitorId: string): { path: string; init: RequestInit } {
  const path = op.path
    .replace(':id', monitorId)
    .replace(':model', 'lhco-dream')
    .replace(':token', 'tok_0000000000000000')
    .replace(':job', jobId)
    .replace(':part', '1')
    .replace(/:[a-z_]+/gi, 'x');
  const method = op.method.toUpperCase();
  if (method === 'GET' || method === 'DELETE') return { path, init: { method } };
  const json = op.requestBody && 'application/json' in op.requestBody.content;
  const body =
    op.operationId === 'createUpload' || op.operationId === 'scoreBatch'
      ? JSON.stringify([[0.5, 0.25, 0.625, 0.5], [0.125, 0.375, 0.4375, Math.random()]])
      : op.operationId === 'createJob'
        ? JSON.stringify({ format: 'npy' })
        : op.operationId === 'putJobPart'
          ? '\x93NUMPY'
          : JSON.stringify({});
  const type = json ? 'application/json' : op.operationId === 'putJobPart' ? 'application/octet-stream' : undefined;
  return { path, init: { method, body, headers: type ? { 'content-type': type } : {} } };
}

async function send(op: Operation, monitorId: string, authorization?: string): Promise<{ status: number; text: string }> {
  const { path, init } = requestFor(op, monitorId);
  const headers = { ...(init.headers as Record<string, string>), ...(authorization ? { authorization } : {}), 'cf-connecting-ip': `10.9.0.${Math.floor(Math.random() * 250)}` };
  const res = await call(path, { ...init, headers });
  // Decoded by hand: some public answers are binary (the ONNX file), and .text() warns on those.
  return { status: res.status, text: new TextDecoder().decode(await res.arrayBuffer()) };
}

describe('every documented operation enforces its scope', () => {
  it('the operations list includes the management and upload routes', () => {
    const scopes = new Set(operations.map(scopeOf));
    expect(scopes).toEqual(new Set(['public', 'admin', 'upload']));
  });

  for (const op of operations) {
    const scope = scopeOf(op);
    describe(`${op.method.toUpperCase()} ${op.path} (${scope})`, () => {
      if (scope === 'admin') {
        it('no token → 401, wrong token → 403 forbidden, upload token → 403 insufficient_scope; nothing changes', async () => {
          const before = await storedState(env);
          const none = await send(op, closed.id);
          expect(none.status).toBe(401);
          expect(JSON.parse(none.text).error.code).toBe('unauthorized');
          const wrong = await send(op, closed.id, 'Bearer dwu_not-a-real-token');
          expect(wrong.status).toBe(403);
          expect(JSON.parse(wrong.text).error.code).toBe('forbidden');
          expect(wrong.text).not.toContain('dwu_not-a-real-token');
          const upload = await send(op, closed.id, `Bearer ${closed.token}`);
          expect(upload.status).toBe(403);
          expect(JSON.parse(upload.text).error.code).toBe('insufficient_scope');
          expect(upload.text).not.toContain(closed.token);
          const malformed = await send(op, closed.id, `Basic ${btoa('admin:test-admin-token')}`);
          expect(malformed.status).toBe(401);
          expect(await storedState(env)).toBe(before);
        });
      } else if (scope === 'upload') {
        it('closed monitor: no token → 401, wrong token → 403, admin or other monitor token → 403 insufficient_scope; own token passes', async () => {
          const before = await storedState(env);
          expect((await send(op, closed.id)).status).toBe(401);
          const wrong = await send(op, closed.id, 'Bearer dwu_not-a-real-token');
          expect([wrong.status, JSON.parse(wrong.text).error.code]).toEqual([403, 'forbidden']);
          const admin = await send(op, closed.id, ADMIN.authorization);
          expect([admin.status, JSON.parse(admin.text).error.code]).toEqual([403, 'insufficient_scope']);
          expect(admin.text).not.toContain('test-admin-token');
          const foreign = await send(op, closed.id, `Bearer ${other.token}`);
          expect([foreign.status, JSON.parse(foreign.text).error.code]).toEqual([403, 'insufficient_scope']);
          expect(foreign.text).not.toContain(other.token);
          expect(await storedState(env)).toBe(before);
          const own = await send(op, closed.id, `Bearer ${closed.token}`);
          expect([401, 403]).not.toContain(own.status);
          if (op.operationId === 'createUpload') expect(own.status).toBe(201);
          expect(own.text).not.toContain(closed.token);
        });
        if (op.path.startsWith('/v1/monitors/:id/')) {
          it('open demo monitor: no token needed', async () => {
            expect([401, 403]).not.toContain((await send(op, 'lhco-dream')).status);
          });
        }
      } else {
        it('answers the same with no token, a wrong token or a token of any scope', async () => {
          const statuses = [];
          for (const auth of [undefined, 'Bearer dwu_not-a-real-token', ADMIN.authorization, `Bearer ${closed.token}`]) {
            const res = await send(op, closed.id, auth);
            expect(res.text).not.toContain(closed.token);
            expect(res.text).not.toContain('test-admin-token');
            statuses.push(res.status);
          }
          // Ids that exist where the path has them; whatever the answer (a 404 for a made-up job id
          // is fine), credentials must not change it.
          expect([401, 403]).not.toContain(statuses[0]);
          expect(new Set(statuses).size).toBe(1);
        });
      }
    });
  }
});

describe('upload tokens are stored hashed and shown once', () => {
  it('D1 holds the SHA-256 of the token, never the token; no read route returns either', async () => {
    const rows = await env.DB.prepare('SELECT * FROM upload_tokens WHERE monitor_id = ?1').bind(closed.id).all<Record<string, unknown>>();
    expect(rows.results).toHaveLength(1);
    const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(closed.token))), (b) => b.toString(16).padStart(2, '0')).join('');
    expect(rows.results[0].sha256).toBe(digest);
    expect(JSON.stringify(rows.results)).not.toContain(closed.token);
    for (const path of ['/v1/monitors', `/v1/monitors/${closed.id}`, `/v1/monitors/${closed.id}/uploads`]) {
      const text = await (await call(path)).text();
      expect(text).not.toContain(closed.token);
      expect(text).not.toContain(digest);
    }
  });

  it('monitors are created closed unless asked, and say so', async () => {
    const res = await call(`/v1/monitors/${closed.id}`);
    expect(((await res.json()) as { open_uploads: boolean }).open_uploads).toBe(false);
    const demo = await call('/v1/monitors/lhco-dream');
    expect(((await demo.json()) as { open_uploads: boolean }).open_uploads).toBe(true);
  });
});
