/**
 * Test sends and the delivery machinery against a real receiver on 127.0.0.1 that verifies every
 * request with the `standardwebhooks` library: fault injection (500, 500, timeout, 200), 410,
 * redirects, Retry-After, bounded attempts, replay. The scenarios run at once (each on its own
 * monitor and endpoint) and the tests read their outcomes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createWebhook, listDeliveries, listEvents, receiverLog, receiverName, waitFor, type DeliveryView } from '../../test/worker/alerts-helpers.js';
import { ADMIN, call, createMonitor, errorOf } from '../../test/worker/helpers.js';

interface Scenario {
  monitor: string;
  name: string;
  hook: { id: string; secret: string };
  event: string;
}

async function scenario(prefix: string, plan: string): Promise<Scenario> {
  const monitor = await createMonitor(prefix);
  const name = receiverName(prefix);
  const hook = await createWebhook(monitor, name, plan);
  const res = await call(`/v1/monitors/${monitor}/webhooks/${hook.id}/test`, { method: 'POST', headers: ADMIN });
  expect(res.status).toBe(202);
  return { monitor, name, hook, event: ((await res.json()) as { event_id: string }).event_id };
}

/** The delivery once it has finished (succeeded or failed). */
function finished(s: Scenario, timeoutMs = 30_000): Promise<DeliveryView> {
  return waitFor(`delivery to ${s.name}`, async () => {
    const [d] = await listDeliveries(s.monitor, s.hook.id);
    return d && d.status !== 'pending' ? d : undefined;
  }, timeoutMs, 300);
}

const scenarios: Record<string, Promise<Scenario>> = {};

beforeAll(() => {
  scenarios.faults = scenario('wh-faults', '500,500,timeout,200');
  scenarios.gone = scenario('wh-gone', '410');
  scenarios.retryAfter = scenario('wh-retry-after', '503ra2,200');
  scenarios.redirect = scenario('wh-redirect', '302,200');
  scenarios.failing = scenario('wh-failing', '500,500,500,500,200');
});

describe('webhook delivery', () => {
  it('500, 500, timeout, 200: one successful delivery, four attempts logged, every request signed and verified', async () => {
    const s = await scenarios.faults;
    const delivery = await finished(s);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attempts).toBe(4);
    expect(delivery.attempt_log.map((a) => a.outcome)).toEqual(['retry', 'retry', 'retry', 'success']);
    expect(delivery.attempt_log.map((a) => a.status)).toEqual([500, 500, null, 200]);
    expect(delivery.attempt_log[2].error).toMatch(/no answer within 2000 ms/);
    expect(delivery.attempt_log[2].latency_ms).toBeGreaterThanOrEqual(1900);
    // Exponential backoff with jitter: between half and all of 1 s, 2 s, 4 s (capped at 4 s).
    const waits = delivery.attempt_log.slice(0, 3).map((a) => a.retry_in_ms!);
    [1000, 2000, 4000].forEach((step, i) => {
      expect(waits[i]).toBeGreaterThanOrEqual(step / 2 - 50);
      expect(waits[i]).toBeLessThanOrEqual(step + 50);
    });

    const log = await receiverLog(s.name);
    expect(log.map((r) => r.answer)).toEqual(['500', '500', 'timeout', '200']);
    expect(new Set(log.map((r) => r.webhook_id))).toEqual(new Set([s.event]));
    expect(log.every((r) => r.verified_with[0] === true && r.clock_skew_s! < 30)).toBe(true);
    // Each attempt is signed afresh: new timestamp, same id and body.
    expect(new Set(log.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(log.filter((r) => r.answer === '200')).toHaveLength(1);
    expect(await listEvents(s.monitor)).toHaveLength(1);
  });

  it('410 Gone disables the endpoint after one attempt; it takes no more sends', async () => {
    const s = await scenarios.gone;
    const delivery = await finished(s);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toBe(1);
    expect(delivery.attempt_log[0]).toEqual(expect.objectContaining({ outcome: 'disabled', status: 410 }));
    const list = (await (await call(`/v1/monitors/${s.monitor}/webhooks`, { headers: ADMIN })).json()) as { webhooks: { status: string; status_reason: string }[] };
    expect(list.webhooks[0].status).toBe('disabled');
    expect(list.webhooks[0].status_reason).toMatch(/410/);
    const again = await call(`/v1/monitors/${s.monitor}/webhooks/${s.hook.id}/test`, { method: 'POST', headers: ADMIN });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe('webhook_disabled');
    expect(await receiverLog(s.name)).toHaveLength(1);
  });

  it('honours Retry-After', async () => {
    const s = await scenarios.retryAfter;
    const delivery = await finished(s);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attempt_log[0].retry_in_ms).toBeGreaterThanOrEqual(2000);
    const log = await receiverLog(s.name);
    expect(log).toHaveLength(2);
    expect(log[1].received_at - log[0].received_at).toBeGreaterThanOrEqual(1900);
  });

  it('a redirect is a failure, not followed', async () => {
    const s = await scenarios.redirect;
    const delivery = await finished(s);
    expect(delivery.attempt_log[0]).toEqual(expect.objectContaining({ outcome: 'retry', status: 302 }));
    expect(delivery.attempt_log[0].error).toMatch(/redirect/);
    expect(delivery.status).toBe('succeeded');
    expect(await receiverLog(s.name)).toHaveLength(2);
  });

  it('after the bounded attempts the endpoint is failing and the event stays; replay delivers it', async () => {
    const s = await scenarios.failing;
    const delivery = await finished(s);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toBe(4);
    expect(delivery.attempt_log.map((a) => a.outcome)).toEqual(['retry', 'retry', 'retry', 'failed']);
    const endpoint = async () =>
      ((await (await call(`/v1/monitors/${s.monitor}/webhooks`, { headers: ADMIN })).json()) as { webhooks: { status: string; failing_since: string | null }[] }).webhooks[0];
    expect((await endpoint()).status).toBe('failing');
    expect((await endpoint()).failing_since).not.toBeNull();
    const [event] = await listEvents(s.monitor);
    expect(event.deliveries[0]).toEqual(expect.objectContaining({ status: 'failed', attempts: 4 }));

    const replay = await call(`/v1/monitors/${s.monitor}/webhooks/${s.hook.id}/deliveries/${delivery.id}/replay`, { method: 'POST', headers: ADMIN });
    expect(replay.status).toBe(202);
    const replayed = await finished(s);
    expect(replayed.status).toBe('succeeded');
    expect(replayed.attempts).toBe(5);
    expect((await endpoint()).status).toBe('active');
    const log = await receiverLog(s.name);
    expect(log).toHaveLength(5);
    expect(new Set(log.map((r) => r.webhook_id)).size).toBe(1);
  });
});

describe('webhook test sends and delivery lists — errors', () => {
  it('unknown endpoint, bad ids, no token', async () => {
    const monitor = await createMonitor('wh-errors');
    const cases: [string, RequestInit, number, string][] = [
      [`/v1/monitors/${monitor}/webhooks/wh_00000000000000/test`, { method: 'POST', headers: ADMIN }, 404, 'webhook_not_found'],
      [`/v1/monitors/${monitor}/webhooks/nope/test`, { method: 'POST', headers: ADMIN }, 400, 'invalid_id'],
      [`/v1/monitors/${monitor}/webhooks/wh_00000000000000/test`, { method: 'POST' }, 401, 'unauthorized'],
      [`/v1/monitors/${monitor}/webhooks/wh_00000000000000/deliveries`, { headers: ADMIN }, 404, 'webhook_not_found'],
      [`/v1/monitors/${monitor}/webhooks/wh_00000000000000/deliveries/dlv_000000000000/replay`, { method: 'POST', headers: ADMIN }, 404, 'webhook_not_found'],
      [`/v1/monitors/${monitor}/events?limit=abc`, { headers: ADMIN }, 400, 'invalid_limit'],
      ['/v1/monitors/nope-nope/events', { headers: ADMIN }, 404, 'monitor_not_found'],
    ];
    for (const [path, init, status, code] of cases) {
      const res = await call(path, init);
      expect([path, res.status]).toEqual([path, status]);
      expect((await errorOf(res)).code).toBe(code);
    }
  });
});
