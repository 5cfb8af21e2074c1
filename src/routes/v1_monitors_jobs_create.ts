/**
 * POST /v1/monitors/:id/jobs — start a scoring job for a batch too large for one request
 * (e.g. 100k calorimeter showers × 533 voxels). The answer gives `part_size`: send the file as
 * consecutive parts with PUT /v1/jobs/:job/parts/1, 2, … (every part but the last exactly
 * `part_size` bytes; they go straight into an R2 multipart upload), then POST
 * /v1/jobs/:job/complete. The job is then scored in chunks by a queue consumer; GET /v1/jobs/:job
 * reports progress and, when done, the upload — whose result is identical to uploading the same
 * events in one request. Same access rule as uploads (closed monitors need an upload token).
 *
 * Body: `{"format": "npy" | "raw" | "csv", "shape"?: "rows,cols" (raw), "columns"?: "1,2,3,4",
 * "chunk_rows"?: 100–100000}` (events scored per queue message; default: about 16 MiB of input).
 *
 * @example
 *   curl -X POST -H 'content-type: application/json' -d '{"format":"npy"}' http://127.0.0.1:8787/v1/monitors/lhco-dream/jobs
 */
import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { jobView, monitorOr404 } from '../alerts/views.js';
import type { AppEnv } from '../env.js';
import { parseColumnSpec } from '../formats/columns.js';
import { parseShape } from '../formats/raw.js';
import { requireUploader } from '../http/auth.js';
import { readJson } from '../http/body.js';
import { ApiError } from '../http/errors.js';
import { parseBody } from '../http/validate.js';
import { newId } from '../storage/ids.js';
import type { JobRecord } from '../storage/jobs.js';

export const CreateJob = z.strictObject({
  format: z.enum(['npy', 'raw', 'csv']),
  shape: z.optional(z.string().check(z.maxLength(40))),
  columns: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))),
  chunk_rows: z.optional(z.int().check(z.gte(100), z.lte(100_000))),
});

export function registerJobsCreate(app: Hono<AppEnv>): void {
  app.post('/v1/monitors/:id/jobs', async (c) => {
    const { jobs, bucket, limits, jobLimits, registry } = c.var.services;
    const monitor = await monitorOr404(c);
    await requireUploader(c, monitor);
    const body = parseBody(CreateJob, await readJson(c.req.raw, limits.maxJsonBytes));
    if (body.format === 'raw' && body.shape === undefined) throw new ApiError(422, 'missing_shape', 'a raw float32 job needs "shape": "rows,cols"');
    if (body.shape !== undefined) {
      if (body.format !== 'raw') throw new ApiError(422, 'invalid_body', 'shape: only raw float32 jobs take a shape');
      parseShape(body.shape);
    }
    // The column list's syntax is checked now; whether its columns exist once the file's width is known.
    if (body.columns !== undefined) parseColumnSpec(body.columns, Number.MAX_SAFE_INTEGER);
    registry.get(monitor.model_id);
    const id = newId('job');
    const key = `jobs/${id}/source.${body.format === 'raw' ? 'f32' : body.format}`;
    const multipart = await bucket.createMultipartUpload(key, { customMetadata: { job: id, monitor: monitor.id } });
    const now = new Date().toISOString();
    const job: JobRecord = {
      id,
      monitor_id: monitor.id,
      source: 'api',
      r2_key: key,
      multipart_upload_id: multipart.uploadId,
      part_size: jobLimits.partBytes,
      format: body.format,
      shape: body.shape ?? null,
      columns: body.columns ?? null,
      status: 'uploading',
      rows: null,
      cols: null,
      n_features: null,
      chunk_rows: body.chunk_rows ?? null,
      chunks: null,
      next_chunk: 0,
      sha256: null,
      upload_id: null,
      duplicate: false,
      error: null,
      dedup_key: null,
      created_at: now,
      updated_at: now,
    };
    await jobs.create(job);
    return c.json(
      {
        ...jobView(job),
        upload: {
          part_size: job.part_size,
          parts: `/v1/jobs/${id}/parts/{n}`,
          complete: `/v1/jobs/${id}/complete`,
          max_bytes: jobLimits.maxBytes,
        },
      },
      201,
    );
  });
}
