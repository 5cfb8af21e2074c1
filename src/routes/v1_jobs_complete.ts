/**
 * POST /v1/jobs/:job/complete — the last part is in: assemble the file in R2 and queue the job for
 * scoring (202). Parts must be numbered 1…N without gaps, every one but the last exactly
 * `part_size` bytes. Bad parts are refused (422) and the job stays open for corrected parts.
 *
 * @example
 *   curl -X POST http://127.0.0.1:8787/v1/jobs/job_…/complete
 */
import type { Hono } from 'hono';
import { checkRecordId, jobView } from '../alerts/views.js';
import type { AppEnv } from '../env.js';
import { requireUploader } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { enqueueJob } from '../jobs/process.js';

export function registerJobsComplete(app: Hono<AppEnv>): void {
  app.post('/v1/jobs/:job/complete', async (c) => {
    const services = c.var.services;
    const { jobs, monitors, bucket, jobLimits } = services;
    const job = await jobs.get(checkRecordId(c.req.param('job'), 'job', 'job'));
    if (!job) throw new ApiError(404, 'job_not_found', `no job "${c.req.param('job')}"`);
    const monitor = await monitors.get(job.monitor_id);
    if (!monitor) throw new ApiError(404, 'monitor_not_found', `no monitor with id "${job.monitor_id}"`);
    await requireUploader(c, monitor);
    if (job.status !== 'uploading' || !job.multipart_upload_id || !job.part_size) {
      return c.json(jobView(job), job.status === 'failed' ? 409 : 200);
    }
    const parts = await jobs.parts(job.id);
    if (parts.length === 0) throw new ApiError(422, 'no_parts', 'upload at least one part first');
    const gap = parts.findIndex((p, i) => p.part_number !== i + 1);
    if (gap >= 0) throw new ApiError(422, 'missing_part', `part ${gap + 1} is missing; parts are numbered 1…N without gaps`);
    const short = parts.slice(0, -1).find((p) => p.size !== job.part_size);
    if (short) {
      throw new ApiError(422, 'bad_part_size', `part ${short.part_number} has ${short.size} bytes; every part but the last must have exactly ${job.part_size}`);
    }
    const total = parts.reduce((sum, p) => sum + p.size, 0);
    if (total > jobLimits.maxBytes) throw new ApiError(413, 'source_too_large', `the parts add up to ${total} bytes; jobs accept at most ${jobLimits.maxBytes}`);
    const upload = bucket.resumeMultipartUpload(job.r2_key, job.multipart_upload_id);
    try {
      await upload.complete(parts.map((p) => ({ partNumber: p.part_number, etag: p.etag })));
    } catch (err) {
      throw new ApiError(422, 'bad_parts', `R2 refused the parts: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (await jobs.advance(job.id, { status: 'uploading' }, { status: 'queued', multipart_upload_id: null })) {
      await enqueueJob(services, { kind: 'job', job_id: job.id, step: 'prepare' });
    }
    return c.json(jobView((await jobs.get(job.id))!), 202);
  });
}
