/**
 * The shapes of the queue messages the Worker consumes. Messages carry ids only (Queue messages are
 * limited to 128 KB): the state they refer to lives in D1 and R2, so a lost or repeated message
 * never loses or doubles work.
 *
 * @example
 *   await env.JOBS.send({ kind: 'job', job_id: 'job_…', step: 'prepare' });
 *   await env.WEBHOOKS.send({ kind: 'delivery', delivery_id: 'dlv_…', due: Date.now() }, { delaySeconds: 30 });
 */

/** One step of a scoring job: validate and hash the source, score chunk k, or summarise. */
export type JobMessage =
  | { kind: 'job'; job_id: string; step: 'prepare' }
  | { kind: 'job'; job_id: string; step: 'chunk'; chunk: number }
  | { kind: 'job'; job_id: string; step: 'finish' };

/**
 * One webhook delivery attempt. `due` is the delivery's next_attempt_at when the message was sent:
 * a message whose delivery has since moved on (delivered, rescheduled) is stale and dropped.
 */
export interface DeliveryMessage {
  kind: 'delivery';
  delivery_id: string;
  due: number;
}

/**
 * An R2 event notification as Cloudflare sends it to a queue
 * (`wrangler r2 bucket notification create … --event-type object-create --queue …`).
 */
export interface R2EventNotification {
  account: string;
  bucket: string;
  object: { key: string; size?: number; eTag?: string };
  action: string;
  eventTime: string;
  copySource?: { bucket: string; object: string };
}

export function isJobMessage(body: unknown): body is JobMessage {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'job';
}

export function isDeliveryMessage(body: unknown): body is DeliveryMessage {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'delivery';
}

export function isR2Notification(body: unknown): body is R2EventNotification {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Partial<R2EventNotification>;
  return typeof b.action === 'string' && typeof b.bucket === 'string' && typeof b.object?.key === 'string';
}
