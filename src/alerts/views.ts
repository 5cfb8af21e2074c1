/**
 * What the API shows of rules, endpoints, deliveries, events and jobs, and the lookups the routes
 * share. Endpoint views never carry secret material: only when each secret was created and when it
 * stops signing.
 *
 * @example
 *   const endpoint = await endpointOr404(c.var.services, monitor.id, c.req.param('webhook'));
 *   return c.json(endpointView(endpoint));
 */
import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import { ApiError } from '../http/errors.js';
import { checkId } from '../http/ids.js';
import type { Services } from '../services.js';
import { isRecordId } from '../storage/ids.js';
import type { JobRecord } from '../storage/jobs.js';
import type { MonitorRecord } from '../storage/monitors.js';
import type { AttemptRecord, DeliveryRecord, EndpointRecord, EventRecord } from '../storage/webhooks.js';
import { activeSecrets } from './secrets.js';

/** The monitor named by the `:id` path parameter, or a 400/404. */
export async function monitorOr404(c: Context<AppEnv>): Promise<MonitorRecord> {
  const id = checkId(c.req.param('id') ?? '', 'monitor');
  const monitor = await c.var.services.monitors.get(id);
  if (!monitor) throw new ApiError(404, 'monitor_not_found', `no monitor with id "${id}"`);
  return monitor;
}

/** Checks a `prefix_…` record id from a path. */
export function checkRecordId(value: string | undefined, prefix: string, what: string): string {
  if (value === undefined || !isRecordId(value, prefix)) throw new ApiError(400, 'invalid_id', `not a ${what} id (${prefix}_…)`);
  return value;
}

export async function endpointOr404(services: Services, monitorId: string, id: string | undefined): Promise<EndpointRecord> {
  const endpointId = checkRecordId(id, 'wh', 'webhook');
  const endpoint = await services.webhooks.getEndpoint(monitorId, endpointId);
  if (!endpoint) throw new ApiError(404, 'webhook_not_found', `monitor "${monitorId}" has no webhook "${endpointId}"`);
  return endpoint;
}

export function endpointView(e: EndpointRecord, now = Date.now()) {
  const active = new Set(activeSecrets(e.secrets, now));
  return {
    id: e.id,
    monitor_id: e.monitor_id,
    url: e.url,
    description: e.description,
    event_types: e.event_types,
    status: e.status,
    status_reason: e.status_reason,
    failing_since: e.failing_since,
    last_success_at: e.last_success_at,
    created_at: e.created_at,
    secrets: e.secrets.filter((s) => active.has(s)).map((s) => ({ created_at: s.created_at, expires_at: s.expires_at })),
  };
}

export function deliveryView(d: DeliveryRecord, attempts: AttemptRecord[], event?: EventRecord | null) {
  return {
    id: d.id,
    event_id: d.event_id,
    ...(event ? { event_type: event.type } : {}),
    endpoint_id: d.endpoint_id,
    status: d.status,
    attempts: d.attempts,
    max_attempts: d.max_attempts,
    next_attempt_at: d.next_attempt_at === null ? null : new Date(d.next_attempt_at).toISOString(),
    last_status: d.last_status,
    last_error: d.last_error,
    created_at: d.created_at,
    updated_at: d.updated_at,
    attempt_log: attempts
      .filter((a) => a.delivery_id === d.id)
      .map((a) => ({
        attempt: a.attempt,
        started_at: a.started_at,
        outcome: a.outcome,
        status: a.status,
        latency_ms: a.latency_ms,
        error: a.error,
        retry_in_ms: a.retry_in_ms,
        response_excerpt: a.response_excerpt,
      })),
  };
}

export function eventView(e: EventRecord, deliveries: DeliveryRecord[]) {
  return {
    id: e.id,
    monitor_id: e.monitor_id,
    type: e.type,
    created_at: e.created_at,
    payload: JSON.parse(e.payload) as unknown,
    deliveries: deliveries
      .filter((d) => d.event_id === e.id)
      .map((d) => ({ id: d.id, endpoint_id: d.endpoint_id, status: d.status, attempts: d.attempts, last_status: d.last_status, last_error: d.last_error })),
  };
}

export function jobView(job: JobRecord) {
  const done = job.status === 'done' ? job.chunks : job.status === 'scoring' ? job.next_chunk : 0;
  return {
    id: job.id,
    monitor_id: job.monitor_id,
    source: job.source,
    r2_key: job.r2_key,
    format: job.format,
    shape: job.shape,
    columns: job.columns,
    status: job.status,
    part_size: job.part_size,
    rows: job.rows,
    n_features: job.n_features,
    progress: { chunks_done: done, chunks: job.chunks, chunk_rows: job.chunk_rows },
    sha256: job.sha256,
    upload_id: job.upload_id,
    duplicate: job.duplicate,
    error: job.error,
    created_at: job.created_at,
    updated_at: job.updated_at,
  };
}

