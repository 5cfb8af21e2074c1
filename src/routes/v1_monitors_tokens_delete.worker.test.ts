import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ADMIN, call, createClosedMonitor, errorOf, storedState } from '../../test/worker/helpers.js';

function upload(monitor: string, token: string): Promise<Response> {
  return call(`/v1/monitors/${monitor}/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify([[0.5, 0.25, 0.625, 0.5], [0.125, 0.375, 0.4375, Math.random()]]),
  });
}

async function tokenIdOf(monitor: string): Promise<string> {
  const row = await env.DB.prepare('SELECT id FROM upload_tokens WHERE monitor_id = ?1').bind(monitor).first<{ id: string }>();
  return row!.id;
}

describe('DELETE /v1/monitors/:id/tokens/:token — happy path', () => {
  it('revokes a token: uploads with it are refused, other tokens keep working', async () => {
    const monitor = await createClosedMonitor('tokens-revoke');
    const second = (await (await call(`/v1/monitors/${monitor.id}/tokens`, { method: 'POST', headers: ADMIN })).json()) as { token: string };
    const res = await call(`/v1/monitors/${monitor.id}/tokens/${await tokenIdOf(monitor.id)}`, { method: 'DELETE', headers: ADMIN });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ monitor_id: monitor.id, revoked: true });
    const revoked = await upload(monitor.id, monitor.token);
    expect([revoked.status, (await errorOf(revoked)).code]).toEqual([403, 'forbidden']);
    expect((await upload(monitor.id, second.token)).status).toBe(201);
  });
});

describe('DELETE /v1/monitors/:id/tokens/:token — errors change nothing stored', () => {
  it('unknown or already revoked token → 404; malformed token id → 400', async () => {
    const monitor = await createClosedMonitor('tokens-revoke-errors');
    const id = await tokenIdOf(monitor.id);
    expect((await call(`/v1/monitors/${monitor.id}/tokens/${id}`, { method: 'DELETE', headers: ADMIN })).status).toBe(200);
    const before = await storedState(env);
    const again = await call(`/v1/monitors/${monitor.id}/tokens/${id}`, { method: 'DELETE', headers: ADMIN });
    expect([again.status, (await errorOf(again)).code]).toEqual([404, 'token_not_found']);
    const elsewhere = await call(`/v1/monitors/lhco-dream/tokens/tok_0123456789abcdef`, { method: 'DELETE', headers: ADMIN });
    expect(elsewhere.status).toBe(404);
    const bad = await call(`/v1/monitors/${monitor.id}/tokens/${encodeURIComponent(monitor.token)}`, { method: 'DELETE', headers: ADMIN });
    expect([bad.status, (await errorOf(bad)).code]).toEqual([400, 'invalid_id']);
    expect(await storedState(env)).toBe(before);
  });
});

describe('DELETE /v1/monitors/:id/tokens/:token — security', () => {
  it('no token → 401, wrong token → 403, the upload token revoking itself → 403 insufficient_scope', async () => {
    const monitor = await createClosedMonitor('tokens-revoke-scope');
    const path = `/v1/monitors/${monitor.id}/tokens/${await tokenIdOf(monitor.id)}`;
    expect((await call(path, { method: 'DELETE' })).status).toBe(401);
    expect((await call(path, { method: 'DELETE', headers: { authorization: 'Bearer nope' } })).status).toBe(403);
    const self = await call(path, { method: 'DELETE', headers: { authorization: `Bearer ${monitor.token}` } });
    expect([self.status, (await errorOf(self)).code]).toEqual([403, 'insufficient_scope']);
    expect((await upload(monitor.id, monitor.token)).status).toBe(201);
  });
});
