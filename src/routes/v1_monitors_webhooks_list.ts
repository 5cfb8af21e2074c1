/**
 * GET /v1/monitors/:id/webhooks (admin token) — the monitor's webhook endpoints with their status
 * (active, failing, disabled) and when each signing secret was created and stops signing; never
 * the secrets themselves.
 *
 * @example
 *   curl -H "authorization: Bearer $ADMIN_TOKEN" http://127.0.0.1:8787/v1/monitors/lhco-dream/webhooks
 */
import type { Hono } from 'hono';
import { endpointView, monitorOr404 } from '../alerts/views.js';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../http/auth.js';

export function registerWebhooksList(app: Hono<AppEnv>): void {
  app.get('/v1/monitors/:id/webhooks', requireAdmin(), async (c) => {
    const monitor = await monitorOr404(c);
    const endpoints = await c.var.services.webhooks.listEndpoints(monitor.id);
    return c.json({ monitor_id: monitor.id, webhooks: endpoints.map((e) => endpointView(e)) });
  });
}
