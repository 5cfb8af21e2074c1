/**
 * POST /v1/monitors/:id/webhooks/:webhook/test (admin token) — send a signed `webhook.test` event
 * to one endpoint through the same queue, retries and log as real alerts; the answer names the
 * event and delivery to follow with the deliveries list.
 *
 * @example
 *   curl -X POST -H "authorization: Bearer $ADMIN_TOKEN" http://127.0.0.1:8787/v1/monitors/lhco-dream/webhooks/wh_…/test
 */
import type { Hono } from 'hono';
import { link, raiseEvent } from '../alerts/events.js';
import { endpointOr404, monitorOr404 } from '../alerts/views.js';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { newId } from '../storage/ids.js';

export function registerWebhooksTest(app: Hono<AppEnv>): void {
  app.post('/v1/monitors/:id/webhooks/:webhook/test', requireAdmin(), async (c) => {
    const services = c.var.services;
    const monitor = await monitorOr404(c);
    const endpoint = await endpointOr404(services, monitor.id, c.req.param('webhook'));
    if (endpoint.status === 'disabled') throw new ApiError(409, 'webhook_disabled', `webhook ${endpoint.id} is disabled (${endpoint.status_reason}); re-enable it with PATCH /v1/monitors/${monitor.id}/webhooks/${endpoint.id} {"enabled": true}`);
    const origin = new URL(c.req.url).origin;
    const { event, deliveries } = await raiseEvent(services, {
      monitorId: monitor.id,
      type: 'webhook.test',
      dedupKey: `test:${endpoint.id}:${newId('t')}`,
      endpointIds: [endpoint.id],
      data: {
        monitor: { id: monitor.id, name: monitor.name, model_id: monitor.model_id },
        endpoint: { id: endpoint.id },
        message: 'a test event: verify its signature with the secret shown when the endpoint was created',
        links: { deliveries: link(services, `/v1/monitors/${monitor.id}/webhooks/${endpoint.id}/deliveries`, origin) },
      },
    });
    return c.json({ event_id: event.id, delivery_id: deliveries[0]?.id ?? null }, 202);
  });
}
