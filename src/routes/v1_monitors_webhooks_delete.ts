/**
 * DELETE /v1/monitors/:id/webhooks/:webhook (admin token) — remove an endpoint: nothing more is
 * sent to it and its pending deliveries are cancelled. Its delivery log stays in the events list.
 *
 * @example
 *   curl -X DELETE -H "authorization: Bearer $ADMIN_TOKEN" http://127.0.0.1:8787/v1/monitors/lhco-dream/webhooks/wh_…
 */
import type { Hono } from 'hono';
import { endpointOr404, monitorOr404 } from '../alerts/views.js';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../http/auth.js';

export function registerWebhooksDelete(app: Hono<AppEnv>): void {
  app.delete('/v1/monitors/:id/webhooks/:webhook', requireAdmin(), async (c) => {
    const monitor = await monitorOr404(c);
    const endpoint = await endpointOr404(c.var.services, monitor.id, c.req.param('webhook'));
    await c.var.services.webhooks.deleteEndpoint(endpoint.id);
    return c.json({ id: endpoint.id, deleted: true });
  });
}
