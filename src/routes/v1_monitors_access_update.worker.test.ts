import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ADMIN, call, createClosedMonitor, errorOf, storedState } from '../../test/worker/helpers.js';

function setAccess(monitor: string, body: unknown, headers: Record<string, string> = ADMIN): Promise<Response> {
  return call(`/v1/monitors/${monitor}/access`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function anonymousUpload(monitor: string): Promise<Response> {
  return call(`/v1/monitors/${monitor}/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([[0.5, 0.25, 0.625, 0.5], [0.125, 0.375, 0.4375, Math.random()]]),
  });
}

describe('PUT /v1/monitors/:id/access — happy path', () => {
  it('opens a closed monitor to uploads without a token, and closes it again', async () => {
    const monitor = await createClosedMonitor('access-toggle');
    expect((await anonymousUpload(monitor.id)).status).toBe(401);
    const opened = await setAccess(monitor.id, { open_uploads: true });
    expect(opened.status).toBe(200);
    expect(await opened.json()).toEqual({ id: monitor.id, open_uploads: true });
    expect((await anonymousUpload(monitor.id)).status).toBe(201);
    expect((await setAccess(monitor.id, { open_uploads: false })).status).toBe(200);
    expect((await anonymousUpload(monitor.id)).status).toBe(401);
  });
});

describe('PUT /v1/monitors/:id/access — errors change nothing stored', () => {
  const cases: [string, string, unknown, number, string][] = [
    ['unknown monitor', 'no-such-monitor', { open_uploads: true }, 404, 'monitor_not_found'],
    ['bad id', 'a%2Fb', { open_uploads: true }, 400, 'invalid_id'],
    ['not a boolean', 'lhco-dream', { open_uploads: 'yes' }, 422, 'invalid_body'],
    ['unknown field', 'lhco-dream', { open_uploads: false, admin: true }, 422, 'invalid_body'],
    ['not JSON', 'lhco-dream', '{"open_uploads": ', 400, 'bad_json'],
  ];
  for (const [name, id, body, status, code] of cases) {
    it(`${name} → ${status} ${code}`, async () => {
      const before = await storedState(env);
      const res = await setAccess(id, body);
      expect(res.status).toBe(status);
      expect((await errorOf(res)).code).toBe(code);
      expect(await storedState(env)).toBe(before);
    });
  }
});

describe('PUT /v1/monitors/:id/access — security', () => {
  it('no token → 401, wrong token → 403, an upload token opening its own monitor → 403 insufficient_scope', async () => {
    const monitor = await createClosedMonitor('access-scope');
    const before = await storedState(env);
    expect((await setAccess(monitor.id, { open_uploads: true }, {})).status).toBe(401);
    expect((await setAccess(monitor.id, { open_uploads: true }, { authorization: 'Bearer nope' })).status).toBe(403);
    const own = await setAccess(monitor.id, { open_uploads: true }, { authorization: `Bearer ${monitor.token}` });
    expect([own.status, (await errorOf(own)).code]).toEqual([403, 'insufficient_scope']);
    expect(await storedState(env)).toBe(before);
    expect((await anonymousUpload(monitor.id)).status).toBe(401);
  });
});
