/**
 * POST /v1/monitors/:id/webhooks (admin token) — add a webhook endpoint to a monitor. The answer
 * carries the signing secret (`whsec_…`) — the only time it is shown; it is stored encrypted
 * (alerts/secrets.ts) and cannot be read back, only rotated. Deliveries are signed per Standard
 * Webhooks v1. URLs to loopback, private, link-local or metadata addresses are refused unless the
 * deployment allows them (WEBHOOK_ALLOW_PRIVATE_URLS, for local development).
 *
 * @example
 *   curl -X POST -H "authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' \
 *     -d '{"url":"https://hooks.example.org/dreamwatch"}' http://127.0.0.1:8787/v1/monitors/lhco-dream/webhooks
 */
import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { EVENT_TYPES } from '../alerts/events.js';
import { SecretBox } from '../alerts/secrets.js';
import { generateSecret } from '../alerts/signing.js';
import { checkWebhookUrl } from '../alerts/url.js';
import { endpointView, monitorOr404 } from '../alerts/views.js';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../http/auth.js';
import { readJson } from '../http/body.js';
import { ApiError } from '../http/errors.js';
import { parseBody } from '../http/validate.js';
import { newId } from '../storage/ids.js';

/** A monitor may have this many live endpoints. */
const MAX_ENDPOINTS = 20;

export const CreateWebhook = z.strictObject({
  url: z.string().check(z.minLength(1), z.maxLength(2000)),
  description: z.optional(z.string().check(z.maxLength(500))),
  event_types: z.optional(z.array(z.enum(EVENT_TYPES as [string, ...string[]])).check(z.minLength(1))),
});

export function registerWebhooksCreate(app: Hono<AppEnv>): void {
  app.post('/v1/monitors/:id/webhooks', requireAdmin(), async (c) => {
    const { webhooks, alerts, limits } = c.var.services;
    const monitor = await monitorOr404(c);
    const body = parseBody(CreateWebhook, await readJson(c.req.raw, limits.maxJsonBytes));
    const url = checkWebhookUrl(body.url, alerts.allowPrivateUrls);
    if (!alerts.secretKey) {
      throw new ApiError(503, 'webhooks_disabled', 'this deployment has no WEBHOOK_SECRET_KEY to keep webhook secrets with; set it (wrangler secret put WEBHOOK_SECRET_KEY)');
    }
    if ((await webhooks.listEndpoints(monitor.id)).length >= MAX_ENDPOINTS) {
      throw new ApiError(409, 'too_many_webhooks', `a monitor has at most ${MAX_ENDPOINTS} webhook endpoints`);
    }
    const id = newId('wh');
    const secret = generateSecret();
    const box = await SecretBox.fromKey(alerts.secretKey);
    const now = Date.now();
    const endpoint = {
      id,
      monitor_id: monitor.id,
      url: url.href,
      description: body.description ?? '',
      event_types: body.event_types ? [...new Set(body.event_types)] : null,
      secrets: [await box.seal(secret, id, now)],
      status: 'active' as const,
      status_reason: null,
      failing_since: null,
      failing_alerted_at: null,
      last_success_at: null,
      created_at: new Date(now).toISOString(),
      deleted_at: null,
    };
    await webhooks.createEndpoint(endpoint);
    return c.json({ ...endpointView(endpoint, now), secret }, 201);
  });
}
