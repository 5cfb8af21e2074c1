/** PUT/GET /v1/monitors/:id/rules: validation, defaults, baselines, significance methods. */
import { describe, expect, it } from 'vitest';
import { putRules } from '../../test/worker/alerts-helpers.js';
import { ADMIN, call, createMonitor, errorOf, lhcoBatch, postNpy } from '../../test/worker/helpers.js';

const dataAvailable = lhcoBatch('background') !== null;

async function getRules(monitor: string) {
  return (await (await call(`/v1/monitors/${monitor}/rules`, { headers: ADMIN })).json()) as {
    rules: Record<string, unknown> | null;
    baseline: { source: string; auc: number; upload_id?: string } | null;
  };
}

describe('PUT /v1/monitors/:id/rules', () => {
  it('stores the rule set with its defaults; GET returns it with the resolved baseline', async () => {
    const monitor = await createMonitor('rules-put');
    expect((await getRules(monitor)).rules).toBeNull();
    const res = await putRules(monitor, { rules: [{ name: 'auc-high', severity: 'critical', absolute: 0.55 }] });
    expect(res.status).toBe(200);
    const got = await getRules(monitor);
    expect(got.rules).toEqual({
      metric: 'separation',
      baseline: { source: 'model_card' },
      rules: [{ name: 'auc-high', severity: 'critical', absolute: 0.55 }],
      significance: { method: 'ci', alpha: 0.05 },
      min_events: 0,
      cooldown_s: 3600,
      stale_after_s: null,
      enabled: true,
    });
    const card = (await (await call('/v1/models/lhco-dream')).json()) as { metrics: { auc: number } };
    expect(got.baseline).toEqual(expect.objectContaining({ source: 'model_card', auc: card.metrics.auc }));
  });

  it('refuses invalid rule sets and leaves the stored one unchanged', async () => {
    const monitor = await createMonitor('rules-bad');
    await putRules(monitor, { rules: [{ name: 'keep', severity: 'info', absolute: 0.6 }] });
    const before = JSON.stringify(await getRules(monitor));
    const cases: [unknown, number, string][] = [
      [{ rules: [{ name: 'x', severity: 'critical' }] }, 422, 'invalid_body'],
      [{ rules: [{ name: 'x', severity: 'page-everyone', absolute: 0.6 }] }, 422, 'invalid_body'],
      [{ rules: [{ name: 'x', severity: 'info', absolute: 1.5 }] }, 422, 'invalid_body'],
      [{ rules: [{ name: 'x', severity: 'info', absolute: 0.6 }, { name: 'x', severity: 'info', absolute: 0.7 }] }, 422, 'invalid_body'],
      [{ rules: [{ name: 'Bad Name', severity: 'info', absolute: 0.6 }] }, 422, 'invalid_body'],
      [{ rules: [], cooldown_s: -5 }, 422, 'invalid_body'],
      [{ rules: [], significance: { method: 'vibes' } }, 422, 'invalid_body'],
      [{ rules: [], extra: true }, 422, 'invalid_body'],
      [{ rules: [], baseline: { source: 'upload', upload_id: 'up_doesnotexist1' } }, 422, 'baseline_upload_not_found'],
      [{ rules: [], baseline: { source: 'upload', upload_id: '../etc' } }, 422, 'invalid_body'],
    ];
    for (const [body, status, code] of cases) {
      const res = await putRules(monitor, body);
      expect([JSON.stringify(body), res.status, (await errorOf(res)).code]).toEqual([JSON.stringify(body), status, code]);
    }
    const noAuth = await call(`/v1/monitors/${monitor}/rules`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"rules":[]}' });
    expect(noAuth.status).toBe(401);
    expect((await call(`/v1/monitors/${monitor}/rules`)).status).toBe(401);
    expect((await call(`/v1/monitors/${monitor}/rules`, { method: 'PUT', headers: ADMIN, body: '{"rules":[]}' })).status).toBe(415);
    expect((await putRules('no-such-monitor', { rules: [] })).status).toBe(404);
    expect(JSON.stringify(await getRules(monitor))).toBe(before);
  });
});

describe.runIf(dataAvailable)('rules against real uploads', () => {
  it('a pinned upload as the baseline, with a relative threshold', async () => {
    const monitor = await createMonitor('rules-pinned');
    const good = (await (await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch('background')!)).json()) as { id: string; result: { auc: number } };
    const res = await putRules(monitor, { baseline: { source: 'upload', upload_id: good.id }, rules: [{ name: 'drift', severity: 'warning', relative: 0.03 }] });
    expect(res.status).toBe(200);
    expect((await getRules(monitor)).baseline).toEqual(expect.objectContaining({ source: 'upload', upload_id: good.id, auc: good.result.auc }));
    const bad = (await (await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch('mismodelled')!)).json()) as {
      evaluation: { outcome: string; checks: { threshold: number }[]; baseline: { source: string } };
    };
    expect(bad.evaluation.outcome).toBe('alert');
    expect(bad.evaluation.baseline.source).toBe('upload');
    // separation of the pinned batch (0.5 + |AUC − 0.5|) + 0.03
    expect(bad.evaluation.checks[0].threshold).toBeCloseTo(0.5 + Math.abs(good.result.auc - 0.5) + 0.03, 6);
  });

  it('the DeLong test against the threshold: significant for the mis-modelled batch, not for the small noisy one', async () => {
    const monitor = await createMonitor('rules-test');
    await putRules(monitor, { rules: [{ name: 'auc-high', severity: 'critical', absolute: 0.54 }], significance: { method: 'test', alpha: 0.01 }, cooldown_s: 0 });
    const noisy = (await (await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch('noisySmall')!)).json()) as { evaluation: { outcome: string; checks: { p_value: number }[] } };
    expect(noisy.evaluation.outcome).toBe('not_significant');
    expect(noisy.evaluation.checks[0].p_value).toBeGreaterThan(0.01);
    const bad = (await (await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch('mismodelled')!)).json()) as { evaluation: { outcome: string; checks: { p_value: number }[] } };
    expect(bad.evaluation.outcome).toBe('alert');
    expect(bad.evaluation.checks[0].p_value).toBeLessThan(1e-6);
  });
});
