/**
 * PATCH /v1/monitors/:id/webhooks/:webhook (admin token) — `{"enabled": true}` brings back an
 * endpoint that a 410 Gone from its receiver disabled, or that is failing: it becomes active, its
 * failure state (reason, failing since, the failing alert) is cleared and the next event is
 * delivered to it. Deliveries that failed or were cancelled meanwhile stay as they are; replay
 * them (…/deliveries/dlv_…/replay) to send them now. `{"enabled": false}` stops an endpoint as a
 * 410 does, cancelling its pending deliveries. Either is idempotent; the answer is the endpoint.
 *
 * @example
 *   curl -X PATCH -H "authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' -d '{"enabled":true}' \
 *     http://127.0.0.1:8787/v1/monitors/lhco-dream/webhooks/wh_…
 */
import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { endpointOr404, endpointView, monitorOr404 } from '../alerts/views.js';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../http/auth.js';
import { readJson } from '../http/body.js';
import { ApiError } from '../http/errors.js';
import { parseBody } from '../http/validate.js';

export const UpdateWebhook = z.strictObject({
  enabled: z.boolean().check(z.describe('true: deliver to the endpoint again, forgetting its failures; false: stop delivering to it')),
});

export function registerWebhooksUpdate(app: Hono<AppEnv>): void {
  app.patch('/v1/monitors/:id/webhooks/:webhook', requireAdmin(), async (c) => {
    const { webhooks, limits } = c.var.services;
    const monitor = await monitorOr404(c);
    const endpoint = await endpointOr404(c.var.services, monitor.id, c.req.param('webhook'));
    const body = parseBody(UpdateWebhook, await readJson(c.req.raw, limits.maxJsonBytes));
    const now = Date.now();
    const updated = await webhooks.setEnabled(endpoint.id, body.enabled, now);
    // Deleted between the lookup and the update.
    if (!updated) throw new ApiError(404, 'webhook_not_found', `monitor "${monitor.id}" has no webhook "${endpoint.id}"`);
    return c.json(endpointView(updated, now));
  });
}
