import { describe, expect, it } from 'vitest';
import { call, errorOf } from '../../test/worker/helpers.js';

describe('GET /health and GET /v1/models', () => {
  it('health answers 200 JSON', async () => {
    const res = await call('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', service: 'dreamwatch' });
  });

  it('lists the DREAM demo model with its card, without the bulky reference scores', async () => {
    const body = (await (await call('/v1/models')).json()) as {
      models: { id: string; kind: string; features: { name: string }[]; metrics: { auc: number }; reference: { n: number; scores?: unknown } }[];
    };
    const dream = body.models.find((m) => m.id === 'lhco-dream');
    expect(dream?.kind).toBe('classifier');
    expect(dream?.features.map((f) => f.name)).toEqual(['mj1', 'delta_mj', 'tau21_j1', 'tau21_j2']);
    expect(dream?.reference.n).toBeGreaterThan(1000);
    expect(dream?.reference.scores).toBeUndefined();
    expect((await call('/v1/models/lhco-dream')).status).toBe(200);
  });

  it('unknown routes and models answer the JSON error shape', async () => {
    const route = await call('/nope');
    expect(route.status).toBe(404);
    expect((await errorOf(route)).code).toBe('not_found');
    const model = await call('/v1/models/nope');
    expect((await errorOf(model)).code).toBe('model_not_found');
  });
});
