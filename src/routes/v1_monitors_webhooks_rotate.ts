/**
 * POST /v1/monitors/:id/webhooks/:webhook/rotate (admin token) — a new signing secret, shown once.
 * The previous secret keeps signing for `grace_s` seconds (default one day): meanwhile every
 * delivery carries one signature per secret (`webhook-signature: v1,<new> v1,<old>`), so the
 * receiver can switch to the new secret whenever it likes without dropping a delivery.
 *
 * @example
 *   curl -X POST -H "authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' -d '{"grace_s":3600}' \
 *     http://127.0.0.1:8787/v1/monitors/lhco-dream/webhooks/wh_…/rotate
 */
import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { activeSecrets, SecretBox } from '../alerts/secrets.js';
import { generateSecret } from '../alerts/signing.js';
import { endpointOr404, endpointView, monitorOr404 } from '../alerts/views.js';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../http/auth.js';
import { readJson } from '../http/body.js';
import { ApiError } from '../http/errors.js';
import { parseBody } from '../http/validate.js';

const RotateWebhook = z.strictObject({
  grace_s: z.optional(z.int().check(z.gte(0), z.lte(7 * 86400))),
});

export function registerWebhooksRotate(app: Hono<AppEnv>): void {
  app.post('/v1/monitors/:id/webhooks/:webhook/rotate', requireAdmin(), async (c) => {
    const { webhooks, alerts, limits } = c.var.services;
    const monitor = await monitorOr404(c);
    const endpoint = await endpointOr404(c.var.services, monitor.id, c.req.param('webhook'));
    const hasBody = (c.req.header('content-length') ?? '0') !== '0' || c.req.header('content-type') !== undefined;
    const body = hasBody ? parseBody(RotateWebhook, await readJson(c.req.raw, limits.maxJsonBytes)) : {};
    if (!alerts.secretKey) throw new ApiError(503, 'webhooks_disabled', 'this deployment has no WEBHOOK_SECRET_KEY');
    const now = Date.now();
    const graceMs = (body.grace_s ?? 86400) * 1000;
    const expiresAt = new Date(now + graceMs).toISOString();
    // Secrets already past their expiry are dropped; the ones still signing stop at the end of the grace period.
    const kept = activeSecrets(endpoint.secrets, now)
      .filter(() => graceMs > 0)
      .map((s) => ({ ...s, expires_at: s.expires_at !== null && s.expires_at < expiresAt ? s.expires_at : expiresAt }));
    const secret = generateSecret();
    const box = await SecretBox.fromKey(alerts.secretKey);
    const secrets = [await box.seal(secret, endpoint.id, now), ...kept];
    await webhooks.setSecrets(endpoint.id, secrets);
    return c.json({ ...endpointView({ ...endpoint, secrets }, now), secret });
  });
}
