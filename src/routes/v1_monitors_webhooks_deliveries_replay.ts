/**
 * POST /v1/monitors/:id/webhooks/:webhook/deliveries/:delivery/replay (admin token) — send a
 * delivery again now, with a fresh attempt budget: the same event, the same webhook-id (so a
 * receiver that already processed it can recognise it) and the same body, newly signed. For a
 * failed delivery once the receiver is fixed, or to re-send one that succeeded.
 *
 * @example
 *   curl -X POST -H "authorization: Bearer $ADMIN_TOKEN" \
 *     http://127.0.0.1:8787/v1/monitors/lhco-dream/webhooks/wh_…/deliveries/dlv_…/replay
 */
import type { Hono } from 'hono';
import { enqueueDeliveries } from '../alerts/events.js';
import { checkRecordId, deliveryView, endpointOr404, monitorOr404 } from '../alerts/views.js';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../http/auth.js';
import { ApiError } from '../http/errors.js';

export function registerDeliveriesReplay(app: Hono<AppEnv>): void {
  app.post('/v1/monitors/:id/webhooks/:webhook/deliveries/:delivery/replay', requireAdmin(), async (c) => {
    const services = c.var.services;
    const monitor = await monitorOr404(c);
    const endpoint = await endpointOr404(services, monitor.id, c.req.param('webhook'));
    const deliveryId = checkRecordId(c.req.param('delivery'), 'dlv', 'delivery');
    const delivery = await services.webhooks.getDelivery(deliveryId);
    if (!delivery || delivery.endpoint_id !== endpoint.id) throw new ApiError(404, 'delivery_not_found', `webhook ${endpoint.id} has no delivery "${deliveryId}"`);
    if (endpoint.status === 'disabled') throw new ApiError(409, 'webhook_disabled', `webhook ${endpoint.id} is disabled (${endpoint.status_reason}); re-enable it with PATCH /v1/monitors/${monitor.id}/webhooks/${endpoint.id} {"enabled": true}`);
    const now = Date.now();
    if (!(await services.webhooks.replay(delivery.id, now, services.alerts.maxAttempts))) {
      throw new ApiError(409, 'delivery_in_flight', 'an attempt of this delivery is in flight; replay it when it has finished');
    }
    await enqueueDeliveries(services, [{ id: delivery.id, due: now, at: now }]);
    const replayed = (await services.webhooks.getDelivery(delivery.id))!;
    return c.json(deliveryView(replayed, await services.webhooks.attemptsOf([delivery.id])), 202);
  });
}
