/**
 * POST /v1/checks/run (admin token) — run the scheduled checks now, the same code the Cron
 * Trigger runs every 5 minutes (background/scheduled.ts): stale monitors, endpoints stuck failing,
 * re-queueing lost deliveries and job steps, and picking up unscored files in the watched R2
 * prefix. Answers what it did. Handy locally, where wrangler dev runs no cron.
 *
 * @example
 *   curl -X POST -H "authorization: Bearer $ADMIN_TOKEN" http://127.0.0.1:8787/v1/checks/run
 *   // {"stale_alerts":0,"failing_alerts":0,"deliveries_requeued":0,"jobs_requeued":0,"notifications_sent":1}
 */
import type { Hono } from 'hono';
import { runScheduled } from '../background/scheduled.js';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../http/auth.js';

export function registerChecksRun(app: Hono<AppEnv>): void {
  app.post('/v1/checks/run', requireAdmin(), async (c) => c.json(await runScheduled(c.var.services, Date.now())));
}
