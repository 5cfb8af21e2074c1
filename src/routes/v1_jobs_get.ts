/**
 * GET /v1/jobs/:job — a scoring job: status (uploading, queued, scoring, done, failed), progress
 * in chunks, and when done the upload it produced with its result and rule evaluation (the same
 * record GET /v1/monitors/:id/uploads lists), or the error that failed it.
 *
 * @example
 *   curl http://127.0.0.1:8787/v1/jobs/job_…
 */
import type { Hono } from 'hono';
import { checkRecordId, jobView } from '../alerts/views.js';
import type { AppEnv } from '../env.js';
import { ApiError } from '../http/errors.js';
import { uploadView } from './v1_monitors_uploads_get.js';

export function registerJobsGet(app: Hono<AppEnv>): void {
  app.get('/v1/jobs/:job', async (c) => {
    const { jobs, uploads } = c.var.services;
    const job = await jobs.get(checkRecordId(c.req.param('job'), 'job', 'job'));
    if (!job) throw new ApiError(404, 'job_not_found', `no job "${c.req.param('job')}"`);
    const upload = job.upload_id ? await uploads.get(job.monitor_id, job.upload_id) : null;
    return c.json({ ...jobView(job), upload: upload && uploadView(upload) });
  });
}
