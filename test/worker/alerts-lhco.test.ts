/**
 * The degradation scenario on real LHC Olympics data, end to end inside workerd: rules on a
 * monitor, uploads scored by the real model, one alert delivered to a real receiver that verifies
 * its signature with the `standardwebhooks` library.
 */
import { describe, expect, it } from 'vitest';
import { call, createMonitor, lhcoBatch, postNpy } from './helpers.js';
import { createWebhook, listDeliveries, listEvents, putRules, receiverLog, receiverName, waitFor } from './alerts-helpers.js';

const dataAvailable = lhcoBatch('background') !== null;

interface UploadBody {
  id: string;
  duplicate: boolean;
  result: { auc: number; auc_ci: [number, number] };
  evaluation: { outcome: string; reason: string; fired: { rule: string; severity: string } | null; event_id: string | null; checks: { rule: string; exceeded: boolean; significant: boolean; lower?: number }[] };
}

/** A critical absolute rule and a warning relative to the model card's validation AUC (0.547). */
const RULES = {
  rules: [
    { name: 'auc-high', severity: 'critical', absolute: 0.54 },
    { name: 'above-baseline', severity: 'warning', relative: 0.02 },
  ],
  significance: { method: 'ci' },
  cooldown_s: 3600,
};

describe.runIf(dataAvailable)('degradation rules on real LHCO batches', () => {
  it('good, good, mis-modelled: exactly one alert, on the third, delivered once and verified', async () => {
    const monitor = await createMonitor('lhco-rules');
    expect((await putRules(monitor, RULES)).status).toBe(200);
    const name = receiverName('lhco');
    const hook = await createWebhook(monitor, name);

    const uploads: UploadBody[] = [];
    for (const batch of ['background', 'background2', 'mismodelled'] as const) {
      const res = await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch(batch)!);
      expect(res.status).toBe(201);
      uploads.push((await res.json()) as UploadBody);
    }
    expect(uploads.map((u) => u.evaluation.outcome)).toEqual(['ok', 'ok', 'alert']);
    const third = uploads[2].evaluation;
    expect(third.fired).toEqual(expect.objectContaining({ rule: 'auc-high', severity: 'critical' }));
    expect(third.reason).toMatch(/auc-high/);
    // The history keeps every evaluation.
    const history = (await (await call(`/v1/monitors/${monitor}/uploads`)).json()) as { uploads: UploadBody[] };
    expect(history.uploads.map((u) => u.evaluation.outcome)).toEqual(['alert', 'ok', 'ok']);

    const events = await listEvents(monitor);
    expect(events).toHaveLength(1);
    expect(events[0].id).toBe(third.event_id);
    expect(events[0].type).toBe('monitor.degraded');
    const data = events[0].payload.data as { upload: { id: string }; rule: string; auc: number; auc_ci: number[]; top_features: unknown[]; links: Record<string, string> };
    expect(data.upload.id).toBe(uploads[2].id);
    expect(data.auc).toBe(uploads[2].result.auc);
    expect(data.auc_ci).toEqual(uploads[2].result.auc_ci);
    expect(data.top_features).toHaveLength(3);
    expect(data.links.upload).toMatch(new RegExp(`/v1/monitors/${monitor}/uploads/${uploads[2].id}$`));

    const received = await waitFor('the alert at the receiver', async () => {
      const log = await receiverLog(name);
      return log.length > 0 ? log : undefined;
    });
    await waitFor('the delivery to be recorded', async () => ((await listDeliveries(monitor, hook.id))[0]?.status === 'succeeded' ? true : undefined));
    expect(received).toHaveLength(1);
    expect(received[0].webhook_id).toBe(third.event_id);
    expect(received[0].verified_with).toEqual([true]);
    expect(received[0].clock_skew_s).toBeLessThan(30);
    expect((received[0].body as { type: string }).type).toBe('monitor.degraded');

    // The same batch again is a duplicate: evaluated once, no second alert.
    const again = (await (await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch('mismodelled')!)).json()) as UploadBody;
    expect(again.duplicate).toBe(true);
    expect(again.evaluation.event_id).toBe(third.event_id);
    expect(await listEvents(monitor)).toHaveLength(1);
  });

  it('a small noisy batch above the threshold does not fire: its interval is not above it', async () => {
    const monitor = await createMonitor('lhco-noisy');
    await putRules(monitor, RULES);
    const res = await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch('noisySmall')!);
    const body = (await res.json()) as UploadBody;
    expect(body.result.auc).toBeGreaterThan(0.54);
    expect(body.result.auc_ci[0]).toBeLessThan(0.54);
    expect(body.evaluation.outcome).toBe('not_significant');
    const check = body.evaluation.checks.find((c) => c.rule === 'auc-high')!;
    expect(check).toEqual(expect.objectContaining({ exceeded: true, significant: false }));
    expect(check.lower).toBeLessThan(0.54);
    expect(body.evaluation.reason).toMatch(/CI lower end/);
    expect(await listEvents(monitor)).toHaveLength(0);
  });

  it('cooldown: a second degraded batch within the cooldown is recorded as suppressed, not sent', async () => {
    const monitor = await createMonitor('lhco-cool');
    await putRules(monitor, { ...RULES, rules: [{ name: 'auc-high', severity: 'warning', absolute: 0.54 }] });
    const first = (await (await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch('mismodelled')!)).json()) as UploadBody;
    expect(first.evaluation.outcome).toBe('alert');
    // The signal batch scores far *below* the reference: the separation metric sees it as degraded too.
    const second = (await (await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch('signal')!)).json()) as UploadBody;
    expect(second.result.auc).toBeLessThan(0.4);
    expect(second.evaluation.outcome).toBe('suppressed');
    expect(second.evaluation.reason).toMatch(/cooldown until/);
    expect(await listEvents(monitor)).toHaveLength(1);
  });

  it('a monitor without rules records why nothing was evaluated', async () => {
    const monitor = await createMonitor('lhco-norules');
    const body = (await (await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch('mismodelled')!)).json()) as UploadBody;
    expect(body.evaluation.outcome).toBe('no_rules');
  });
});
