import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ADMIN, call, errorOf, storedState } from '../../test/worker/helpers.js';

function create(body: unknown, headers: Record<string, string> = ADMIN): Promise<Response> {
  return call('/v1/monitors', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /v1/monitors — happy path', () => {
  it('creates a monitor on a served model, then lists and gets it', async () => {
    const res = await create({ id: 'fastsim-v2', model: 'lhco-dream', name: 'Fast sim v2' });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; model: { id: string }; baseline: { auc: number } };
    expect(created).toMatchObject({ id: 'fastsim-v2', model: { id: 'lhco-dream' } });
    expect(created.baseline.auc).toBeGreaterThan(0.5);
    const list = (await (await call('/v1/monitors')).json()) as { monitors: { id: string }[] };
    expect(list.monitors.map((m) => m.id)).toEqual(expect.arrayContaining(['lhco-dream', 'fastsim-v2']));
    const one = await call('/v1/monitors/fastsim-v2');
    expect(one.status).toBe(200);
    expect(((await one.json()) as { uploads: number }).uploads).toBe(0);
  });

  it('the demo monitor exists on a fresh database', async () => {
    const res = await call('/v1/monitors/lhco-dream');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { model_id: string }).model_id).toBe('lhco-dream');
  });
});

describe('POST /v1/monitors — errors change nothing stored', () => {
  const cases: [string, unknown, number, string][] = [
    ['duplicate id', { id: 'lhco-dream', model: 'lhco-dream' }, 409, 'monitor_exists'],
    ['unknown model', { id: 'm-unknown-model', model: 'nope' }, 404, 'model_not_found'],
    ['bad id', { id: '../etc', model: 'lhco-dream' }, 422, 'invalid_body'],
    ['missing model', { id: 'm-missing' }, 422, 'invalid_body'],
    ['unknown field', { id: 'm-extra', model: 'lhco-dream', admin: true }, 422, 'invalid_body'],
    ['not JSON', '{"id": ', 400, 'bad_json'],
    ['deeply nested JSON', '['.repeat(5000) + ']'.repeat(5000), 422, 'invalid_body'],
  ];
  for (const [name, body, status, code] of cases) {
    it(`${name} → ${status} ${code}`, async () => {
      const before = await storedState(env);
      const res = await create(body);
      expect(res.status).toBe(status);
      expect((await errorOf(res)).code).toBe(code);
      expect(await storedState(env)).toBe(before);
    });
  }
});

describe('POST /v1/monitors — security', () => {
  it('no token → 401, wrong token → 403, and nothing is created', async () => {
    const before = await storedState(env);
    const none = await create({ id: 'sneaky', model: 'lhco-dream' }, {});
    expect(none.status).toBe(401);
    expect((await errorOf(none)).code).toBe('unauthorized');
    const wrong = await create({ id: 'sneaky', model: 'lhco-dream' }, { authorization: 'Bearer test-admin-tokeN' });
    expect(wrong.status).toBe(403);
    const text = JSON.stringify(await wrong.json());
    expect(text).not.toContain('test-admin-token');
    expect(await storedState(env)).toBe(before);
  });

  it('a JSON body over the management limit → 413', async () => {
    const res = await create({ id: 'big', model: 'lhco-dream', description: 'x'.repeat(100_000) });
    expect(res.status).toBe(413);
  });
});
