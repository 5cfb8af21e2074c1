/**
 * The Cron Trigger (wrangler.toml `[triggers]`): the monitor watching itself.
 *
 * - Stale monitors: a rule set with `stale_after_s` whose newest upload (or, without uploads,
 *   the rule set itself) is older than that raises `monitor.stale`, once per stale period (a new
 *   upload starts a new one).
 * - Endpoints stuck failing for ENDPOINT_FAILING_ALERT_MS raise `webhook.endpoint_failing` to the
 *   monitor's other endpoints, once per failing period, and log it.
 * - Work whose queue message was lost (a restart, a queue outage): overdue webhook deliveries and
 *   stalled jobs are queued again from their D1 state.
 * - Files in the watched R2 prefix without a job get the notification R2 would have sent — the
 *   safety net for a lost notification, and how dropped files are picked up in local development,
 *   where R2 sends no notifications.
 *
 * Locally: `curl "http://127.0.0.1:8787/cdn-cgi/handler/scheduled"` runs it once.
 *
 * @example
 *   const report = await runScheduled(services, Date.now());
 *   report.deliveries_requeued; // 0
 */
import { enqueueDeliveries, raiseEvent } from '../alerts/events.js';
import type { Env } from '../env.js';
import { enqueueJob, nextMessage } from '../jobs/process.js';
import { incomingDedupKey } from '../jobs/r2-events.js';
import { servicesFromEnv, type Services } from '../services.js';
import type { R2EventNotification } from './messages.js';

/** Most objects of the watched prefix looked at per run. */
const RECONCILE_LIMIT = 1000;

export interface ScheduledReport {
  stale_alerts: number;
  failing_alerts: number;
  deliveries_requeued: number;
  jobs_requeued: number;
  notifications_sent: number;
}

export async function handleScheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  const services = servicesFromEnv(env);
  ctx.waitUntil(runScheduled(services, controller.scheduledTime || Date.now()).then((r) => console.log('scheduled checks', JSON.stringify(r))));
}

export async function runScheduled(services: Services, now: number): Promise<ScheduledReport> {
  const report: ScheduledReport = { stale_alerts: 0, failing_alerts: 0, deliveries_requeued: 0, jobs_requeued: 0, notifications_sent: 0 };
  // Each check runs even if another fails: one broken part must not silence the rest.
  const checks: [string, () => Promise<void>][] = [
    ['stale monitors', async () => void (report.stale_alerts = await staleMonitors(services, now))],
    ['failing endpoints', async () => void (report.failing_alerts = await failingEndpoints(services, now))],
    ['overdue deliveries', async () => void (report.deliveries_requeued = await overdueDeliveries(services, now))],
    ['stalled jobs', async () => void (report.jobs_requeued = await stalledJobs(services, now))],
    ['incoming files', async () => void (report.notifications_sent = await reconcileIncoming(services))],
  ];
  for (const [name, check] of checks) {
    try {
      await check();
    } catch (err) {
      console.error(`scheduled check "${name}" failed`, err);
    }
  }
  return report;
}

async function staleMonitors(services: Services, now: number): Promise<number> {
  let raised = 0;
  for (const stored of await services.rules.withStaleness()) {
    const limitS = stored.config.stale_after_s;
    if (!limitS || !stored.config.enabled) continue;
    const monitor = await services.monitors.get(stored.monitor_id);
    if (!monitor) continue;
    const latest = await services.uploads.latestAt(monitor.id);
    const since = latest?.created_at ?? stored.updated_at;
    const ageS = (now - Date.parse(since)) / 1000;
    if (ageS <= limitS) continue;
    const { created } = await raiseEvent(
      services,
      {
        monitorId: monitor.id,
        type: 'monitor.stale',
        dedupKey: `stale:${monitor.id}:${latest?.id ?? `none@${stored.updated_at}`}`,
        data: {
          monitor: { id: monitor.id, name: monitor.name, model_id: monitor.model_id },
          last_upload: latest,
          stale_after_s: limitS,
          age_s: Math.round(ageS),
          reason: latest ? `no upload for ${Math.round(ageS)} s (limit ${limitS} s)` : `no upload since the rules were set ${Math.round(ageS)} s ago (limit ${limitS} s)`,
        },
      },
      now,
    );
    if (created) raised++;
  }
  return raised;
}

async function failingEndpoints(services: Services, now: number): Promise<number> {
  let raised = 0;
  const before = new Date(now - services.alerts.failingAlertAfterMs).toISOString();
  for (const endpoint of await services.webhooks.failingSince(before)) {
    console.error(`webhook endpoint ${endpoint.id} (${endpoint.url}) of monitor ${endpoint.monitor_id} failing since ${endpoint.failing_since}: ${endpoint.status_reason}`);
    const { created } = await raiseEvent(
      services,
      {
        monitorId: endpoint.monitor_id,
        type: 'webhook.endpoint_failing',
        dedupKey: `failing:${endpoint.id}:${endpoint.failing_since}`,
        excludeEndpointIds: [endpoint.id],
        data: { endpoint: { id: endpoint.id, url: endpoint.url, failing_since: endpoint.failing_since, reason: endpoint.status_reason } },
      },
      now,
    );
    await services.webhooks.markFailingAlerted(endpoint.id, new Date(now).toISOString());
    if (created) raised++;
  }
  return raised;
}

async function overdueDeliveries(services: Services, now: number): Promise<number> {
  const grace = services.alerts.sweepAfterMs;
  const overdue = await services.webhooks.overdue(now - grace, now - grace, now, 500);
  await services.webhooks.markEnqueued(overdue.map((d) => d.id), now);
  await enqueueDeliveries(services, overdue.map((d) => ({ id: d.id, due: d.next_attempt_at!, at: now })));
  return overdue.length;
}

async function stalledJobs(services: Services, now: number): Promise<number> {
  const stalled = await services.jobs.stalled(new Date(now - services.alerts.sweepAfterMs).toISOString(), 100);
  let sent = 0;
  for (const job of stalled) {
    const message = nextMessage(job);
    if (!message) continue;
    await enqueueJob(services, message);
    sent++;
  }
  return sent;
}

async function reconcileIncoming(services: Services): Promise<number> {
  const queue = services.queues.r2Events;
  if (!queue) return 0;
  const prefix = services.jobLimits.incomingPrefix;
  const objects: R2Object[] = [];
  let cursor: string | undefined;
  do {
    const listed = await services.bucket.list({ prefix, cursor, limit: Math.min(1000, RECONCILE_LIMIT - objects.length) });
    objects.push(...listed.objects);
    cursor = listed.truncated ? listed.cursor : undefined;
  } while (cursor && objects.length < RECONCILE_LIMIT);
  const keys = objects.map((o) => incomingDedupKey(o.key, o.etag));
  const known = await services.jobs.existingDedupKeys(keys);
  const missing = objects.filter((_, i) => !known.has(keys[i]));
  const notifications: R2EventNotification[] = missing.map((o) => ({
    account: 'local',
    bucket: 'dreamwatch-samples',
    object: { key: o.key, size: o.size, eTag: o.etag },
    action: 'PutObject',
    eventTime: o.uploaded.toISOString(),
  }));
  for (let i = 0; i < notifications.length; i += 100) {
    await queue.sendBatch(notifications.slice(i, i + 100).map((body) => ({ body, contentType: 'json' as const })));
  }
  return notifications.length;
}
