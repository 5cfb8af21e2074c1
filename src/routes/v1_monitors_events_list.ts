/**
 * GET /v1/monitors/:id/events (admin token) — the monitor's webhook events, newest first
 * (?limit=, default 50): degradation alerts, staleness and failing-endpoint alerts, test sends,
 * each with its exact payload and the status of its delivery to every endpoint. An event whose
 * deliveries failed stays listed here.
 *
 * @example
 *   curl -H "authorization: Bearer $ADMIN_TOKEN" http://127.0.0.1:8787/v1/monitors/lhco-dream/events
 */
import type { Hono } from 'hono';
import { eventView, monitorOr404 } from '../alerts/views.js';
import { limitQuery } from '../http/query.js';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../http/auth.js';

export function registerEventsList(app: Hono<AppEnv>): void {
  app.get('/v1/monitors/:id/events', requireAdmin(), async (c) => {
    const { webhooks } = c.var.services;
    const monitor = await monitorOr404(c);
    const events = await webhooks.listEvents(monitor.id, limitQuery(c.req.queries('limit'), 50, 500));
    const deliveries = await webhooks.deliveriesOfEvents(events.map((e) => e.id));
    return c.json({ monitor_id: monitor.id, events: events.map((e) => eventView(e, deliveries)) });
  });
}
