/**
 * Raising a webhook event: store it once (its id derives from a de-duplication key, so raising
 * the same event again — a retried job step, a repeated scheduled check — finds the first one),
 * fan it out to the monitor's endpoints as one delivery each, and queue those deliveries.
 *
 * The body follows the Standard Webhooks convention `{type, timestamp, data}`; it is stored as the
 * exact string that is signed, so every attempt and every replay sends identical bytes.
 *
 * @example
 *   await raiseEvent(services, {
 *     monitorId: 'lhco-dream', type: 'monitor.degraded', dedupKey: `degraded:lhco-dream:${upload.id}`,
 *     data: { … },
 *   });
 */
import type { Services } from '../services.js';
import { newId, stableId } from '../storage/ids.js';
import type { DeliveryRecord, EndpointRecord, EventRecord } from '../storage/webhooks.js';

export type EventType = 'monitor.degraded' | 'monitor.stale' | 'webhook.endpoint_failing' | 'webhook.test';
export const EVENT_TYPES: readonly EventType[] = ['monitor.degraded', 'monitor.stale', 'webhook.endpoint_failing', 'webhook.test'];

export interface NewEvent {
  monitorId: string;
  type: EventType;
  dedupKey: string;
  data: Record<string, unknown>;
  /** Deliver only to these endpoints (test sends); default: every live endpoint of the monitor that takes the type. */
  endpointIds?: string[];
  /** Never deliver to these (an endpoint's own failing alert goes to the others). */
  excludeEndpointIds?: string[];
}

export interface RaisedEvent {
  event: EventRecord;
  created: boolean;
  deliveries: DeliveryRecord[];
}

/**
 * The webhook-id of the event with this de-duplication key.
 *
 * @example
 *   await eventIdFor('degraded:lhco-dream:up_abc'); // 'msg_3f1c…' (always the same)
 */
export function eventIdFor(dedupKey: string): Promise<string> {
  return stableId('msg', dedupKey);
}

export async function raiseEvent(services: Services, spec: NewEvent, now = Date.now()): Promise<RaisedEvent> {
  const { webhooks } = services;
  const id = await eventIdFor(spec.dedupKey);
  const createdAt = new Date(now).toISOString();
  const payload = JSON.stringify({ type: spec.type, timestamp: createdAt, data: spec.data });
  const { event, created } = await webhooks.insertEvent({
    id,
    monitor_id: spec.monitorId,
    type: spec.type,
    dedup_key: spec.dedupKey,
    payload,
    created_at: createdAt,
  });
  // Deliveries are (re)created idempotently for the endpoints that existed when the event was
  // first stored: a retry after a crash completes the fan-out, and an endpoint added later never
  // receives old events.
  const endpoints = (await webhooks.listEndpoints(spec.monitorId)).filter((e) => wants(e, event, spec));
  const due = now;
  const fresh = await webhooks.insertDeliveries(
    endpoints.map((e) => ({
      id: newId('dlv'),
      event_id: event.id,
      endpoint_id: e.id,
      status: 'pending',
      attempts: 0,
      max_attempts: services.alerts.maxAttempts,
      next_attempt_at: due,
      lease_until: null,
      enqueued_at: due,
      last_status: null,
      last_error: null,
      created_at: createdAt,
      updated_at: createdAt,
    })),
  );
  await enqueueDeliveries(services, fresh.map((d) => ({ id: d.id, due: d.next_attempt_at!, at: now })));
  return { event, created, deliveries: fresh };
}

function wants(endpoint: EndpointRecord, event: EventRecord, spec: NewEvent): boolean {
  if (endpoint.status === 'disabled' || endpoint.status === 'deleted') return false;
  if (endpoint.created_at > event.created_at) return false;
  if (spec.endpointIds && !spec.endpointIds.includes(endpoint.id)) return false;
  if (spec.excludeEndpointIds?.includes(endpoint.id)) return false;
  // Test sends go to the endpoints asked for whatever their subscriptions.
  if (spec.type === 'webhook.test') return true;
  return endpoint.event_types === null || endpoint.event_types.includes(event.type);
}

/**
 * Sends one queue message per delivery, delayed until it is due. Without a queue binding, or when
 * sending fails, the delivery stays pending in D1 and the scheduled sweep sends it later.
 *
 * @example
 *   await enqueueDeliveries(services, [{ id: 'dlv_…', due: Date.now() + 30_000, at: Date.now() }]);
 */
export async function enqueueDeliveries(services: Services, items: { id: string; due: number; at: number }[]): Promise<void> {
  const queue = services.queues.webhooks;
  if (!queue || items.length === 0) return;
  try {
    await queue.sendBatch(
      items.map((d) => ({
        body: { kind: 'delivery' as const, delivery_id: d.id, due: d.due },
        contentType: 'json' as const,
        delaySeconds: Math.min(43_200, Math.max(0, Math.ceil((d.due - d.at) / 1000))),
      })),
    );
  } catch (err) {
    console.error('webhook deliveries could not be queued; the scheduled sweep will send them', err);
  }
}

/**
 * An absolute link when the deployment or the request knows its origin, else a path.
 *
 * @example
 *   link(services, '/v1/monitors/lhco-dream', 'http://127.0.0.1:8787'); // 'http://127.0.0.1:8787/v1/monitors/lhco-dream'
 */
export function link(services: Services, path: string, origin?: string): string {
  return `${services.alerts.publicUrl || origin || ''}${path}`;
}
