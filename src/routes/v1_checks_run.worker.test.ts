/**
 * The scheduled checks (Cron Trigger), run through POST /v1/checks/run: stale monitors, endpoints
 * stuck failing, and deliveries whose queue message was lost (found again from D1).
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createWebhook, listEvents, putRules, receiverLog, receiverName, waitFor } from '../../test/worker/alerts-helpers.js';
import { ADMIN, call, createMonitor } from '../../test/worker/helpers.js';

interface Report {
  stale_alerts: number;
  failing_alerts: number;
  deliveries_requeued: number;
}

async function runChecks(): Promise<Report> {
  const res = await call('/v1/checks/run', { method: 'POST', headers: ADMIN });
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

describe('POST /v1/checks/run', () => {
  it('alerts once on a monitor with no upload for longer than stale_after_s', async () => {
    const monitor = await createMonitor('stale');
    await putRules(monitor, { rules: [], stale_after_s: 60 });
    const name = receiverName('stale');
    await createWebhook(monitor, name);
    expect((await runChecks()).stale_alerts).toBe(0);
    // An hour passes without uploads.
    await env.DB.prepare('UPDATE monitor_rules SET updated_at = ?2 WHERE monitor_id = ?1').bind(monitor, ago(3_600_000)).run();
    await env.DB.prepare('UPDATE webhook_endpoints SET created_at = ?2 WHERE monitor_id = ?1').bind(monitor, ago(3_600_000)).run();
    expect((await runChecks()).stale_alerts).toBe(1);
    expect((await runChecks()).stale_alerts).toBe(0);
    const events = await listEvents(monitor);
    expect(events.map((e) => e.type)).toEqual(['monitor.stale']);
    const [received] = await waitFor('the stale alert', async () => {
      const log = await receiverLog(name);
      return log.length > 0 ? log : undefined;
    });
    expect(received.verified_with).toEqual([true]);
    expect((received.body as { type: string }).type).toBe('monitor.stale');
  });

  it('tells the other endpoints when one has been failing too long, once', async () => {
    const monitor = await createMonitor('failing');
    const broken = await createWebhook(monitor, receiverName('broken'), '500');
    const name = receiverName('healthy');
    await createWebhook(monitor, name);
    await env.DB.prepare(`UPDATE webhook_endpoints SET status = 'failing', failing_since = ?2, status_reason = 'HTTP 500' WHERE id = ?1`)
      .bind(broken.id, ago(2 * 3_600_000))
      .run();
    expect((await runChecks()).failing_alerts).toBeGreaterThanOrEqual(1);
    const [received] = await waitFor('the failing-endpoint alert', async () => {
      const log = await receiverLog(name);
      return log.length > 0 ? log : undefined;
    });
    expect(received.verified_with).toEqual([true]);
    expect(received.body).toEqual(expect.objectContaining({ type: 'webhook.endpoint_failing', data: expect.objectContaining({ endpoint: expect.objectContaining({ id: broken.id }) }) }));
    const events = await listEvents(monitor);
    expect(events).toHaveLength(1);
    expect(events[0].deliveries.map((d) => d.endpoint_id)).not.toContain(broken.id);
    await runChecks();
    expect(await listEvents(monitor)).toHaveLength(1);
  });

  it('re-queues a due delivery whose queue message was lost', async () => {
    const monitor = await createMonitor('lost');
    const name = receiverName('lost');
    const hook = await createWebhook(monitor, name);
    // A delivery D1 knows about but no queue message carries (as after a restart mid-retry).
    const created = ago(600_000);
    const due = Date.now() - 300_000;
    await env.DB.batch([
      env.DB.prepare(`INSERT INTO webhook_events (id, monitor_id, type, dedup_key, payload, created_at) VALUES (?1, ?2, 'webhook.test', ?3, ?4, ?5)`).bind(
        `msg_lost${monitor.replace(/-/g, '')}`,
        monitor,
        `lost:${monitor}`,
        JSON.stringify({ type: 'webhook.test', timestamp: created, data: { lost: true } }),
        created,
      ),
      env.DB.prepare(
        `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, status, attempts, max_attempts, next_attempt_at, enqueued_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'pending', 1, 4, ?4, ?4, ?5, ?5)`,
      ).bind(`dlv_lost${monitor.replace(/-/g, '')}`, `msg_lost${monitor.replace(/-/g, '')}`, hook.id, due, created),
    ]);
    expect((await runChecks()).deliveries_requeued).toBeGreaterThanOrEqual(1);
    const [received] = await waitFor('the recovered delivery', async () => {
      const log = await receiverLog(name);
      return log.length > 0 ? log : undefined;
    });
    expect(received.webhook_id).toBe(`msg_lost${monitor.replace(/-/g, '')}`);
    expect(received.verified_with).toEqual([true]);
  });

  it('needs the admin token', async () => {
    expect((await call('/v1/checks/run', { method: 'POST' })).status).toBe(401);
  });
});
