import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ADMIN, call, createClosedMonitor, errorOf, storedState } from '../../test/worker/helpers.js';

const batch = () => JSON.stringify([[0.5, 0.25, 0.625, 0.5], [0.125, 0.375, 0.4375, Math.random()]]);

function upload(monitor: string, token?: string): Promise<Response> {
  return call(`/v1/monitors/${monitor}/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: batch(),
  });
}

describe('POST /v1/monitors/:id/tokens — happy path', () => {
  it('creates a second live token, shown once, that uploads to the monitor', async () => {
    const monitor = await createClosedMonitor('tokens-create');
    const res = await call(`/v1/monitors/${monitor.id}/tokens`, { method: 'POST', headers: ADMIN });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; token: string; monitor_id: string; revoked_at: null };
    expect(created).toMatchObject({ monitor_id: monitor.id, revoked_at: null });
    expect(created.id).toMatch(/^tok_[0-9a-f]{16}$/);
    expect(created.token).toMatch(/^dwu_[A-Za-z0-9_-]{43}$/);
    expect(created.token).not.toBe(monitor.token);
    expect((await upload(monitor.id, created.token)).status).toBe(201);
    expect((await upload(monitor.id, monitor.token)).status).toBe(201);
  });
});

describe('POST /v1/monitors/:id/tokens — errors change nothing stored', () => {
  it('unknown monitor → 404; bad id → 400', async () => {
    const before = await storedState(env);
    const missing = await call('/v1/monitors/no-such-monitor/tokens', { method: 'POST', headers: ADMIN });
    expect([missing.status, (await errorOf(missing)).code]).toEqual([404, 'monitor_not_found']);
    const bad = await call('/v1/monitors/..%2Fx/tokens', { method: 'POST', headers: ADMIN });
    expect([bad.status, (await errorOf(bad)).code]).toEqual([400, 'invalid_id']);
    expect(await storedState(env)).toBe(before);
  });
});

describe('POST /v1/monitors/:id/tokens — security', () => {
  it('no token → 401, wrong token → 403, an upload token (even the monitor\'s own) → 403 insufficient_scope', async () => {
    const monitor = await createClosedMonitor('tokens-scope');
    const before = await storedState(env);
    const path = `/v1/monitors/${monitor.id}/tokens`;
    expect((await call(path, { method: 'POST' })).status).toBe(401);
    const wrong = await call(path, { method: 'POST', headers: { authorization: 'Bearer nope' } });
    expect([wrong.status, (await errorOf(wrong)).code]).toEqual([403, 'forbidden']);
    const own = await call(path, { method: 'POST', headers: { authorization: `Bearer ${monitor.token}` } });
    expect([own.status, (await errorOf(own)).code]).toEqual([403, 'insufficient_scope']);
    expect(await storedState(env)).toBe(before);
  });
});
