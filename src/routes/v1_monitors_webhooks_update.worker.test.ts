/**
 * Re-enabling a webhook endpoint (PATCH {"enabled": true}): one that a 410 Gone disabled delivers
 * the next alert; a failing one forgets its failures; refused requests change nothing.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createWebhook, listDeliveries, putRules, receiverLog, receiverName, waitFor } from '../../test/worker/alerts-helpers.js';
import { ADMIN, call, createClosedMonitor, createMonitor, errorOf } from '../../test/worker/helpers.js';

const JSON_ADMIN = { ...ADMIN, 'content-type': 'application/json' };

interface EndpointBody {
  id: string;
  status: string;
  status_reason: string | null;
  failing_since: string | null;
  last_success_at: string | null;
}

function patch(monitor: string, hook: string, body: string, headers: Record<string, string> = JSON_ADMIN): Promise<Response> {
  return call(`/v1/monitors/${monitor}/webhooks/${hook}`, { method: 'PATCH', headers, body });
}

async function endpoint(monitor: string, hook: string): Promise<EndpointBody> {
  const list = (await (await call(`/v1/monitors/${monitor}/webhooks`, { headers: ADMIN })).json()) as { webhooks: EndpointBody[] };
  return list.webhooks.find((w) => w.id === hook)!;
}

/** Everything stored about one endpoint and its deliveries: a refused request must leave it as it was. */
async function endpointState(hook: string): Promise<string> {
  const row = await env.DB.prepare('SELECT * FROM webhook_endpoints WHERE id = ?1').bind(hook).first();
  const deliveries = await env.DB.prepare('SELECT id, status FROM webhook_deliveries WHERE endpoint_id = ?1 ORDER BY id').bind(hook).all();
  return JSON.stringify({ row, deliveries: deliveries.results });
}

/** Events unlike the demo model's reference, so that a rule at separation 0.5 fires on them. */
function eventsBody(rows = 200): string {
  return JSON.stringify({ events: Array.from({ length: rows }, () => Array.from({ length: 4 }, () => 5 + Math.random())) });
}

describe('PATCH /v1/monitors/:id/webhooks/:webhook', () => {
  it('an endpoint disabled by a 410 Gone is re-enabled and the next alert is delivered to it', async () => {
    const monitor = await createMonitor('wh-reenable');
    const name = receiverName('reenable');
    const hook = await createWebhook(monitor, name, '410,200');
    expect((await call(`/v1/monitors/${monitor}/webhooks/${hook.id}/test`, { method: 'POST', headers: ADMIN })).status).toBe(202);
    await waitFor('the 410 to disable the endpoint', async () => ((await endpoint(monitor, hook.id)).status === 'disabled' ? true : undefined));
    expect((await endpoint(monitor, hook.id)).status_reason).toMatch(/410/);

    const res = await patch(monitor, hook.id, JSON.stringify({ enabled: true }));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(hook.secret.slice(6));
    expect(JSON.parse(text)).toEqual(expect.objectContaining({ id: hook.id, status: 'active', status_reason: null, failing_since: null }));
    expect(await endpoint(monitor, hook.id)).toEqual(expect.objectContaining({ status: 'active', status_reason: null }));

    // A real alert: a rule that fires on any batch the classifier can tell from the reference at all.
    expect((await putRules(monitor, { rules: [{ name: 'any-shift', severity: 'critical', absolute: 0.5 }], significance: { method: 'none' } })).status).toBe(200);
    const upload = await call(`/v1/monitors/${monitor}/uploads`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: eventsBody() });
    expect(upload.status).toBe(201);
    const evaluation = ((await upload.json()) as { evaluation: { outcome: string; event_id: string } }).evaluation;
    expect(evaluation.outcome).toBe('alert');

    const log = await waitFor('the alert at the receiver', async () => {
      const received = await receiverLog(name);
      return received.length >= 2 ? received : undefined;
    });
    expect(log).toHaveLength(2);
    expect(log[1]).toEqual(expect.objectContaining({ answer: '200', webhook_id: evaluation.event_id }));
    expect(log[1].verified_with[0]).toBe(true);
    expect((log[1].body as { type: string }).type).toBe('monitor.degraded');
    const delivered = await waitFor('the delivery to succeed', async () => {
      const [newest] = await listDeliveries(monitor, hook.id);
      return newest?.event_id === evaluation.event_id && newest.status === 'succeeded' ? newest : undefined;
    });
    expect(delivered.attempts).toBe(1);
    expect((await endpoint(monitor, hook.id)).last_success_at).not.toBeNull();
  });

  it('a failing endpoint forgets its failures; enabling is idempotent', async () => {
    const monitor = await createMonitor('wh-unfail');
    const hook = await createWebhook(monitor, receiverName('unfail'));
    await env.DB.prepare(
      `UPDATE webhook_endpoints SET status = 'failing', status_reason = 'delivery dlv_x failed after 4 attempts: HTTP 500',
         failing_since = '2026-01-01T00:00:00.000Z', failing_alerted_at = '2026-01-01T01:00:00.000Z' WHERE id = ?1`,
    )
      .bind(hook.id)
      .run();
    for (let i = 0; i < 2; i++) {
      const res = await patch(monitor, hook.id, JSON.stringify({ enabled: true }));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(expect.objectContaining({ status: 'active', status_reason: null, failing_since: null }));
    }
    const row = await env.DB.prepare('SELECT status, status_reason, failing_since, failing_alerted_at FROM webhook_endpoints WHERE id = ?1').bind(hook.id).first();
    expect(row).toEqual({ status: 'active', status_reason: null, failing_since: null, failing_alerted_at: null });
  });

  it('{"enabled": false} stops an endpoint until it is enabled again', async () => {
    const monitor = await createMonitor('wh-pause');
    const hook = await createWebhook(monitor, receiverName('pause'));
    for (let i = 0; i < 2; i++) {
      const res = await patch(monitor, hook.id, JSON.stringify({ enabled: false }));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(expect.objectContaining({ status: 'disabled', status_reason: 'disabled through the API' }));
    }
    const refused = await call(`/v1/monitors/${monitor}/webhooks/${hook.id}/test`, { method: 'POST', headers: ADMIN });
    expect(refused.status).toBe(409);
    const { code, message } = await errorOf(refused);
    expect(code).toBe('webhook_disabled');
    expect(message).toContain('"enabled": true');
    expect((await patch(monitor, hook.id, JSON.stringify({ enabled: true }))).status).toBe(200);
    expect((await call(`/v1/monitors/${monitor}/webhooks/${hook.id}/test`, { method: 'POST', headers: ADMIN })).status).toBe(202);
  });

  it('refuses bad bodies and unknown endpoints with the API error shape, changing nothing', async () => {
    const monitor = await createMonitor('wh-patch-errors');
    const hook = await createWebhook(monitor, receiverName('patch-errors'));
    expect((await patch(monitor, hook.id, JSON.stringify({ enabled: false }))).status).toBe(200);
    const before = await endpointState(hook.id);
    const cases: [string, string, Record<string, string>, number, string][] = [
      [hook.id, '{}', JSON_ADMIN, 422, 'invalid_body'],
      [hook.id, JSON.stringify({ enabled: 'yes' }), JSON_ADMIN, 422, 'invalid_body'],
      [hook.id, JSON.stringify({ enabled: true, url: 'https://example.org/elsewhere' }), JSON_ADMIN, 422, 'invalid_body'],
      [hook.id, '{"enabled":', JSON_ADMIN, 400, 'bad_json'],
      [hook.id, 'enabled=true', ADMIN, 415, 'unsupported_media_type'],
      ['wh_00000000000000', JSON.stringify({ enabled: true }), JSON_ADMIN, 404, 'webhook_not_found'],
      ['nope', JSON.stringify({ enabled: true }), JSON_ADMIN, 400, 'invalid_id'],
    ];
    for (const [id, body, headers, status, code] of cases) {
      const res = await patch(monitor, id, body, headers);
      const error = (await res.json()) as { error: { code: string; message: string } };
      expect([body, res.status, error.error.code]).toEqual([body, status, code]);
      expect(typeof error.error.message).toBe('string');
    }
    const noMonitor = await patch('no-such-monitor', hook.id, JSON.stringify({ enabled: true }));
    expect([noMonitor.status, (await errorOf(noMonitor)).code]).toEqual([404, 'monitor_not_found']);
    // Another monitor's endpoint is not found through this one.
    const other = await createMonitor('wh-patch-other');
    const foreign = await patch(other, hook.id, JSON.stringify({ enabled: true }));
    expect([foreign.status, (await errorOf(foreign)).code]).toEqual([404, 'webhook_not_found']);
    expect(await endpointState(hook.id)).toBe(before);

    expect((await call(`/v1/monitors/${monitor}/webhooks/${hook.id}`, { method: 'DELETE', headers: ADMIN })).status).toBe(200);
    const deleted = await patch(monitor, hook.id, JSON.stringify({ enabled: true }));
    expect([deleted.status, (await errorOf(deleted)).code]).toEqual([404, 'webhook_not_found']);
  });

  it('needs the admin token: none, a wrong one or an upload token is refused and the endpoint stays disabled', async () => {
    const closed = await createClosedMonitor('wh-patch-acl');
    const hook = await createWebhook(closed.id, receiverName('patch-acl'));
    expect((await patch(closed.id, hook.id, JSON.stringify({ enabled: false }))).status).toBe(200);
    const before = await endpointState(hook.id);
    const cases: [Record<string, string>, number, string][] = [
      [{}, 401, 'unauthorized'],
      [{ authorization: 'Bearer not-the-admin-token' }, 403, 'forbidden'],
      [{ authorization: `Bearer ${closed.token}` }, 403, 'insufficient_scope'],
      [{ authorization: `Basic ${btoa('admin:test-admin-token')}` }, 401, 'unauthorized'],
    ];
    for (const [auth, status, code] of cases) {
      const res = await patch(closed.id, hook.id, JSON.stringify({ enabled: true }), { 'content-type': 'application/json', ...auth });
      const text = await res.text();
      expect([auth.authorization, res.status, (JSON.parse(text) as { error: { code: string } }).error.code]).toEqual([auth.authorization, status, code]);
      expect(text).not.toContain(closed.token);
    }
    expect(await endpointState(hook.id)).toBe(before);
    expect((await endpoint(closed.id, hook.id)).status).toBe('disabled');
  });
});
