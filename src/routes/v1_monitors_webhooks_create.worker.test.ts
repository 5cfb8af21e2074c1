/** Webhook endpoints: create (secret shown once, stored encrypted), list, delete, outbound safety. */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createWebhook, receiverName } from '../../test/worker/alerts-helpers.js';
import { ADMIN, call, createMonitor, errorOf } from '../../test/worker/helpers.js';
import { createApp } from '../app.js';
import { servicesFromEnv } from '../services.js';

const JSON_ADMIN = { ...ADMIN, 'content-type': 'application/json' };

/** What a refused request must leave unchanged: every webhook row. */
async function webhookState(): Promise<string> {
  const row = await env.DB.prepare(
    `SELECT (SELECT COUNT(*) FROM webhook_endpoints) AS endpoints, (SELECT COUNT(*) FROM webhook_events) AS events,
            (SELECT COUNT(*) FROM webhook_deliveries) AS deliveries`,
  ).first();
  return JSON.stringify(row);
}

/** The app as a deployment would run it: private webhook URLs refused (`allow` false). */
function deployment(overrides: { allowPrivateUrls?: boolean; secretKey?: string | undefined }) {
  const app = createApp((e) => {
    const services = servicesFromEnv(e);
    return { ...services, alerts: { ...services.alerts, ...overrides } };
  });
  return (path: string, body: unknown) =>
    app.fetch(new Request(`http://dreamwatch.test${path}`, { method: 'POST', headers: JSON_ADMIN, body: JSON.stringify(body) }), env);
}

describe('POST /v1/monitors/:id/webhooks', () => {
  it('shows the whsec_ secret once and never stores or lists it in the clear', async () => {
    const monitor = await createMonitor('wh-create');
    const { id, secret } = await createWebhook(monitor, receiverName('create'), '200', { description: 'ops channel', event_types: ['monitor.degraded'] });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await call(`/v1/monitors/${monitor}/webhooks`, { headers: ADMIN });
    const text = await list.text();
    expect(text).not.toContain(secret.slice(6));
    const body = JSON.parse(text) as { webhooks: { id: string; status: string; event_types: string[]; secrets: unknown[] }[] };
    expect(body.webhooks).toEqual([expect.objectContaining({ id, status: 'active', event_types: ['monitor.degraded'], secrets: [expect.objectContaining({ expires_at: null })] })]);
    expect(body.webhooks[0]).not.toHaveProperty('secret');
    const row = await env.DB.prepare('SELECT * FROM webhook_endpoints WHERE id = ?1').bind(id).first<Record<string, string>>();
    expect(JSON.stringify(row)).not.toContain(secret.slice(6));
    expect(JSON.stringify(row)).not.toContain(secret.slice(6, 20));
  });

  it('delete stops the endpoint; deleting again is a 404', async () => {
    const monitor = await createMonitor('wh-delete');
    const { id } = await createWebhook(monitor, receiverName('delete'));
    const res = await call(`/v1/monitors/${monitor}/webhooks/${id}`, { method: 'DELETE', headers: ADMIN });
    expect(res.status).toBe(200);
    expect(((await (await call(`/v1/monitors/${monitor}/webhooks`, { headers: ADMIN })).json()) as { webhooks: unknown[] }).webhooks).toHaveLength(0);
    const again = await call(`/v1/monitors/${monitor}/webhooks/${id}`, { method: 'DELETE', headers: ADMIN });
    expect(again.status).toBe(404);
    expect((await call(`/v1/monitors/${monitor}/webhooks/${id}/test`, { method: 'POST', headers: ADMIN })).status).toBe(404);
  });

  it('refuses bad bodies and URLs, without a token, and changes nothing stored', async () => {
    const monitor = await createMonitor('wh-refuse');
    const before = await webhookState();
    const cases: [RequestInit, number, string][] = [
      [{ headers: JSON_ADMIN, body: JSON.stringify({ url: 'not a url' }) }, 422, 'invalid_webhook_url'],
      [{ headers: JSON_ADMIN, body: JSON.stringify({ url: 'ftp://example.org/x' }) }, 422, 'invalid_webhook_url'],
      [{ headers: JSON_ADMIN, body: JSON.stringify({ url: 'https://user:pw@example.org/x' }) }, 422, 'invalid_webhook_url'],
      [{ headers: JSON_ADMIN, body: JSON.stringify({ url: 'https://example.org/x', event_types: ['monitor.exploded'] }) }, 422, 'invalid_body'],
      [{ headers: JSON_ADMIN, body: JSON.stringify({ url: 'https://example.org/x', secret: 'whsec_mine' }) }, 422, 'invalid_body'],
      [{ headers: JSON_ADMIN, body: '{"url":' }, 400, 'bad_json'],
      [{ headers: ADMIN, body: 'url=https://example.org' }, 415, 'unsupported_media_type'],
      [{ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://example.org/x' }) }, 401, 'unauthorized'],
      [{ headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://example.org/x' }) }, 403, 'forbidden'],
    ];
    for (const [init, status, code] of cases) {
      const res = await call(`/v1/monitors/${monitor}/webhooks`, { method: 'POST', ...init });
      expect([init.body, res.status, (await errorOf(res)).code]).toEqual([init.body, status, code]);
    }
    const missing = await call('/v1/monitors/no-such-monitor/webhooks', { method: 'POST', headers: JSON_ADMIN, body: JSON.stringify({ url: 'https://example.org/x' }) });
    expect(missing.status).toBe(404);
    expect(await webhookState()).toBe(before);
  });

  it('a deployment refuses loopback, private, link-local and metadata URLs and plain http', async () => {
    const monitor = await createMonitor('wh-ssrf');
    const post = deployment({ allowPrivateUrls: false });
    const before = await webhookState();
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'https://127.0.0.1/hook',
      'https://2130706433/hook',
      'https://localhost/hook',
      'https://10.1.2.3/hook',
      'https://192.168.1.10/hook',
      'https://172.20.0.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://metadata.google.internal/computeMetadata',
      'https://[::1]/hook',
      'https://[fd00::1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'https://[fe80::1]/hook',
      'http://hooks.example.org/dreamwatch',
    ]) {
      const res = await post(`/v1/monitors/${monitor}/webhooks`, { url });
      expect([url, res.status, (await errorOf(res)).code]).toEqual([url, 422, 'webhook_url_not_allowed']);
    }
    expect(await webhookState()).toBe(before);
    expect((await post(`/v1/monitors/${monitor}/webhooks`, { url: 'https://hooks.example.org/dreamwatch' })).status).toBe(201);
  });

  it('without a deployment key for secrets, webhooks are unavailable (503)', async () => {
    const monitor = await createMonitor('wh-nokey');
    const res = await deployment({ secretKey: undefined })(`/v1/monitors/${monitor}/webhooks`, { url: 'https://hooks.example.org/x' });
    expect(res.status).toBe(503);
    expect((await errorOf(res)).code).toBe('webhooks_disabled');
  });
});
