/** Helpers for the alerting tests: webhook endpoints on the test receiver, rules, waiting. */
import { inject } from 'vitest';
import type { ReceivedDelivery } from '../receiver.js';
import { ADMIN, call } from './helpers.js';

const JSON_ADMIN = { ...ADMIN, 'content-type': 'application/json' };

/** A unique receiver name; the receiver keeps one log per name. */
export function receiverName(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

/**
 * Adds a webhook endpoint to `monitor` that points at the test receiver, answering per `plan`
 * (see test/receiver.ts), and tells the receiver the secret to verify with.
 */
export async function createWebhook(monitor: string, name: string, plan = '200', extra: Record<string, unknown> = {}): Promise<{ id: string; secret: string; url: string }> {
  const url = `${inject('receiverUrl')}/hook/${name}/${plan}`;
  const res = await call(`/v1/monitors/${monitor}/webhooks`, { method: 'POST', headers: JSON_ADMIN, body: JSON.stringify({ url, ...extra }) });
  if (res.status !== 201) throw new Error(`creating webhook: HTTP ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { id: string; secret: string };
  await registerSecrets(name, [body.secret]);
  return { id: body.id, secret: body.secret, url };
}

export async function registerSecrets(name: string, secrets: string[]): Promise<void> {
  const res = await fetch(`${inject('receiverUrl')}/secrets/${name}`, { method: 'PUT', body: JSON.stringify({ secrets }) });
  if (res.status !== 204) throw new Error(`receiver: HTTP ${res.status}`);
}

export async function receiverLog(name: string): Promise<ReceivedDelivery[]> {
  return (await (await fetch(`${inject('receiverUrl')}/log/${name}`)).json()) as ReceivedDelivery[];
}

export async function putRules(monitor: string, rules: unknown): Promise<Response> {
  return call(`/v1/monitors/${monitor}/rules`, { method: 'PUT', headers: JSON_ADMIN, body: JSON.stringify(rules) });
}

export interface EventView {
  id: string;
  type: string;
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
  deliveries: { id: string; endpoint_id: string; status: string; attempts: number }[];
}

export async function listEvents(monitor: string): Promise<EventView[]> {
  const res = await call(`/v1/monitors/${monitor}/events`, { headers: ADMIN });
  return ((await res.json()) as { events: EventView[] }).events;
}

export interface DeliveryView {
  id: string;
  event_id: string;
  status: string;
  attempts: number;
  attempt_log: { attempt: number; outcome: string; status: number | null; latency_ms: number | null; error: string | null; retry_in_ms: number | null }[];
}

export async function listDeliveries(monitor: string, webhook: string): Promise<DeliveryView[]> {
  const res = await call(`/v1/monitors/${monitor}/webhooks/${webhook}/deliveries`, { headers: ADMIN });
  return ((await res.json()) as { deliveries: DeliveryView[] }).deliveries;
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000, everyMs = 200): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
