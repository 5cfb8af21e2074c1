/**
 * PUT /v1/jobs/:job/parts/:n — one part (1 ≤ n ≤ 10000) of a job's file, as raw bytes, straight
 * into the R2 multipart upload. Every part except the last must be exactly the job's `part_size`;
 * a part sent again replaces the earlier one (so a failed part is simply retried).
 *
 * @example
 *   curl -X PUT --data-binary @part1.bin -H 'content-type: application/octet-stream' http://127.0.0.1:8787/v1/jobs/job_…/parts/1
 */
import type { Hono } from 'hono';
import { checkRecordId } from '../alerts/views.js';
import type { AppEnv } from '../env.js';
import { requireUploader } from '../http/auth.js';
import { readBody } from '../http/body.js';
import { ApiError } from '../http/errors.js';

export function registerJobsPartsPut(app: Hono<AppEnv>): void {
  app.put('/v1/jobs/:job/parts/:part', async (c) => {
    const { jobs, monitors, bucket } = c.var.services;
    const job = await jobs.get(checkRecordId(c.req.param('job'), 'job', 'job'));
    if (!job) throw new ApiError(404, 'job_not_found', `no job "${c.req.param('job')}"`);
    const monitor = await monitors.get(job.monitor_id);
    if (!monitor) throw new ApiError(404, 'monitor_not_found', `no monitor with id "${job.monitor_id}"`);
    await requireUploader(c, monitor);
    const partText = c.req.param('part');
    const part = /^[1-9]\d{0,4}$/.test(partText) ? Number(partText) : NaN;
    if (!(part >= 1 && part <= 10_000)) throw new ApiError(400, 'invalid_part', 'part numbers run from 1 to 10000');
    if (job.status !== 'uploading' || !job.multipart_upload_id || !job.part_size) {
      throw new ApiError(409, 'job_not_uploading', `job ${job.id} is ${job.status}; parts are only taken before it is completed`);
    }
    const bytes = await readBody(c.req.raw, job.part_size);
    if (bytes.length === 0) throw new ApiError(400, 'empty_part', 'the part has no bytes');
    const upload = bucket.resumeMultipartUpload(job.r2_key, job.multipart_upload_id);
    const uploaded = await upload.uploadPart(part, bytes);
    await jobs.putPart(job.id, { part_number: part, etag: uploaded.etag, size: bytes.length });
    return c.json({ job_id: job.id, part_number: part, size: bytes.length });
  });
}
