/**
 * GET /v1/monitors/:id/jobs — the monitor's scoring jobs, newest first (?limit=, default 50):
 * API uploads in parts and files dropped into the watched R2 prefix, with status and errors.
 *
 * @example
 *   curl http://127.0.0.1:8787/v1/monitors/lhco-dream/jobs
 */
import type { Hono } from 'hono';
import { jobView, monitorOr404 } from '../alerts/views.js';
import { limitQuery } from '../http/query.js';
import type { AppEnv } from '../env.js';

export function registerJobsList(app: Hono<AppEnv>): void {
  app.get('/v1/monitors/:id/jobs', async (c) => {
    const monitor = await monitorOr404(c);
    const jobs = await c.var.services.jobs.list(monitor.id, limitQuery(c.req.queries('limit'), 50, 500));
    return c.json({ monitor_id: monitor.id, jobs: jobs.map(jobView) });
  });
}
