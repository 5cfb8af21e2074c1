/**
 * One webhook delivery attempt, run by the webhooks queue consumer.
 *
 * - Only a 2xx answer is success; a redirect is a failure (it is not followed: the signed request
 *   must reach the URL that was configured).
 * - 410 Gone disables the endpoint: the receiver says it will never want these again.
 * - Anything else — another status, a network error, no answer within the timeout — is retried
 *   with exponential backoff and jitter (backoff.ts), at least as late as a Retry-After asks, up to
 *   the attempt budget; then the delivery fails, the endpoint is marked failing and the event stays
 *   listed with every attempt.
 * - Each attempt is signed afresh (new webhook-timestamp, every currently valid secret) with the
 *   same webhook-id and body, so receivers de-duplicate on webhook-id.
 *
 * @example
 *   await deliver(services, { kind: 'delivery', delivery_id: 'dlv_…', due: 1767225600000 });
 */
import type { DeliveryMessage } from '../background/messages.js';
import type { Services } from '../services.js';
import type { AttemptResult, DeliveryRecord, EndpointRecord } from '../storage/webhooks.js';
import { parseRetryAfter, retryDelayMs } from './backoff.js';
import { enqueueDeliveries } from './events.js';
import { activeSecrets, SecretBox } from './secrets.js';
import { signedHeaders } from './signing.js';
import { checkWebhookUrl } from './url.js';

const EXCERPT_CHARS = 512;
const USER_AGENT = 'dreamwatch-webhooks/1';

/** What happened to the message: for logs and tests. */
export type DeliverOutcome = 'sent' | 'stale' | 'early' | 'busy' | 'cancelled';

export async function deliver(services: Services, message: DeliveryMessage, now = Date.now()): Promise<DeliverOutcome> {
  const { webhooks, alerts } = services;
  const current = await webhooks.getDelivery(message.delivery_id);
  if (!current || current.status !== 'pending' || current.next_attempt_at !== message.due) return 'stale';
  if (current.next_attempt_at > now + 1000) {
    // Arrived before it is due (a replayed or swept message); wait the rest of the time.
    await enqueueDeliveries(services, [{ id: current.id, due: current.next_attempt_at, at: now }]);
    return 'early';
  }
  const delivery = await webhooks.claim(current.id, message.due, Math.max(now, message.due), alerts.timeoutMs + 30_000);
  if (!delivery) return 'busy';

  const [endpoint, event] = await Promise.all([webhooks.getEndpointById(delivery.endpoint_id), webhooks.getEvent(delivery.event_id)]);
  if (!endpoint || !event || endpoint.status === 'disabled' || endpoint.status === 'deleted') {
    await webhooks.finishAttempt(
      delivery,
      { outcome: 'failed', status: null, latencyMs: 0, error: `endpoint ${endpoint?.status ?? 'missing'}; not sent`, excerpt: null },
      now,
    );
    return 'cancelled';
  }

  const result = await attempt(services, endpoint, delivery, event.id, event.payload);
  await webhooks.finishAttempt(delivery, result, Date.now());
  if (result.outcome === 'retry') await enqueueDeliveries(services, [{ id: delivery.id, due: result.nextAttemptAt, at: Date.now() }]);
  return 'sent';
}

async function attempt(services: Services, endpoint: EndpointRecord, delivery: DeliveryRecord, eventId: string, body: string): Promise<AttemptResult> {
  const { alerts } = services;
  const started = Date.now();
  const finalAttempt = delivery.attempts >= delivery.max_attempts;
  const retryOrFail = (status: number | null, error: string | null, excerpt: string | null, retryAfterMs: number | null): AttemptResult => {
    const latencyMs = Date.now() - started;
    if (finalAttempt) return { outcome: 'failed', status, latencyMs, error: error ?? `HTTP ${status}`, excerpt };
    const wait = retryDelayMs(delivery.attempts, { baseMs: alerts.retryBaseMs, maxMs: alerts.retryMaxMs }, retryAfterMs);
    return { outcome: 'retry', status, latencyMs, error, excerpt, nextAttemptAt: Date.now() + wait };
  };

  let headers: Record<string, string>;
  try {
    // The URL was checked at creation; checking again covers a deployment that has since
    // stopped allowing private addresses.
    checkWebhookUrl(endpoint.url, alerts.allowPrivateUrls);
    const box = await SecretBox.fromKey(alerts.secretKey);
    const secrets = await Promise.all(activeSecrets(endpoint.secrets, started).map((s) => box.open(s, endpoint.id)));
    headers = await signedHeaders(eventId, Math.floor(started / 1000), body, secrets);
  } catch (err) {
    // A configuration problem on our side: retrying will not help until someone fixes it, but
    // the attempt is logged and the delivery stays visible and replayable.
    return { outcome: 'failed', status: null, latencyMs: 0, error: `not sent: ${message(err)}`, excerpt: null };
  }

  let response: Response;
  try {
    response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': USER_AGENT },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(alerts.timeoutMs),
    });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return retryOrFail(null, timedOut ? `no answer within ${alerts.timeoutMs} ms` : `request failed: ${message(err)}`, null, null);
  }
  const excerpt = await readExcerpt(response);
  const status = response.status;
  const latencyMs = Date.now() - started;
  if (status >= 200 && status < 300) return { outcome: 'success', status, latencyMs, excerpt };
  if (status === 410) return { outcome: 'disabled', status, latencyMs, error: 'the receiver answered 410 Gone; endpoint disabled', excerpt };
  const error = status >= 300 && status < 400 ? `redirect (HTTP ${status}) is not success` : `HTTP ${status}`;
  return retryOrFail(status, error, excerpt, parseRetryAfter(response.headers.get('retry-after'), Date.now()));
}

/** The start of the response body, for the attempt log; the rest is not read. */
async function readExcerpt(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_CHARS * 4) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut off mid-way does not change the status that was already received.
  } finally {
    reader.cancel().catch(() => {});
  }
  if (size === 0) return null;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return new TextDecoder().decode(bytes).slice(0, EXCERPT_CHARS);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
