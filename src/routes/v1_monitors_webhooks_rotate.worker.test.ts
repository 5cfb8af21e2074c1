/** Secret rotation: during the grace period every delivery carries one signature per secret. */
import { describe, expect, it } from 'vitest';
import { createWebhook, receiverLog, receiverName, registerSecrets, waitFor } from '../../test/worker/alerts-helpers.js';
import { ADMIN, call, createMonitor, errorOf } from '../../test/worker/helpers.js';

const JSON_ADMIN = { ...ADMIN, 'content-type': 'application/json' };

async function rotate(monitor: string, id: string, body?: unknown): Promise<{ secret: string; secrets: { expires_at: string | null }[] }> {
  const res = await call(`/v1/monitors/${monitor}/webhooks/${id}/rotate`, body === undefined ? { method: 'POST', headers: ADMIN } : { method: 'POST', headers: JSON_ADMIN, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as { secret: string; secrets: { expires_at: string | null }[] };
}

async function sendTest(monitor: string, id: string, name: string, count: number) {
  expect((await call(`/v1/monitors/${monitor}/webhooks/${id}/test`, { method: 'POST', headers: ADMIN })).status).toBe(202);
  return waitFor(`test delivery ${count}`, async () => {
    const log = await receiverLog(name);
    return log.length >= count ? log[count - 1] : undefined;
  });
}

describe('POST /v1/monitors/:id/webhooks/:webhook/rotate', () => {
  it('signs with old and new secrets during the grace period, then with the new one only', async () => {
    const monitor = await createMonitor('wh-rotate');
    const name = receiverName('rotate');
    const { id, secret: first } = await createWebhook(monitor, name);

    const rotated = await rotate(monitor, id);
    expect(rotated.secret).not.toBe(first);
    expect(rotated.secrets).toHaveLength(2);
    expect(rotated.secrets.filter((s) => s.expires_at !== null)).toHaveLength(1);
    await registerSecrets(name, [first, rotated.secret]);
    const during = await sendTest(monitor, id, name, 1);
    expect(during.signatures).toHaveLength(2);
    // Each secret alone verifies the delivery: receivers switch whenever they like.
    expect(during.verified_with).toEqual([true, true]);

    const final = await rotate(monitor, id, { grace_s: 0 });
    expect(final.secrets).toHaveLength(1);
    await registerSecrets(name, [first, rotated.secret, final.secret]);
    const after = await sendTest(monitor, id, name, 2);
    expect(after.signatures).toHaveLength(1);
    expect(after.verified_with).toEqual([false, false, true]);
  });

  it('refuses a bad grace period', async () => {
    const monitor = await createMonitor('wh-rotate-bad');
    const { id } = await createWebhook(monitor, receiverName('rotate-bad'));
    const res = await call(`/v1/monitors/${monitor}/webhooks/${id}/rotate`, { method: 'POST', headers: JSON_ADMIN, body: JSON.stringify({ grace_s: -1 }) });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe('invalid_body');
  });
});
