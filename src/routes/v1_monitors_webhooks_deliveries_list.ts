/**
 * GET /v1/monitors/:id/webhooks/:webhook/deliveries (admin token) — the endpoint's deliveries,
 * newest first (?limit=, default 50), each with its status and every attempt: start time, HTTP
 * status, latency, error, the wait before the next try, and the start of the receiver's answer.
 *
 * @example
 *   curl -H "authorization: Bearer $ADMIN_TOKEN" http://127.0.0.1:8787/v1/monitors/lhco-dream/webhooks/wh_…/deliveries
 */
import type { Hono } from 'hono';
import { deliveryView, endpointOr404, monitorOr404 } from '../alerts/views.js';
import { limitQuery } from '../http/query.js';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../http/auth.js';

export function registerDeliveriesList(app: Hono<AppEnv>): void {
  app.get('/v1/monitors/:id/webhooks/:webhook/deliveries', requireAdmin(), async (c) => {
    const { webhooks } = c.var.services;
    const monitor = await monitorOr404(c);
    const endpoint = await endpointOr404(c.var.services, monitor.id, c.req.param('webhook'));
    const deliveries = await webhooks.listDeliveries(endpoint.id, limitQuery(c.req.queries('limit'), 50, 500));
    const attempts = await webhooks.attemptsOf(deliveries.map((d) => d.id));
    const events = new Map<string, Awaited<ReturnType<typeof webhooks.getEvent>>>();
    for (const id of new Set(deliveries.map((d) => d.event_id))) events.set(id, await webhooks.getEvent(id));
    return c.json({ webhook_id: endpoint.id, deliveries: deliveries.map((d) => deliveryView(d, attempts, events.get(d.event_id))) });
  });
}
