/**
 * GET /v1/monitors/:id/uploads/:upload — one upload with its result and rule evaluation (the
 * target of the `links.upload` in alert payloads).
 *
 * `uploadView` is what the API shows of an upload, wherever one appears: here, in the history, in
 * the answer to the upload itself (which adds only `duplicate`, a fact about that request) and in
 * a finished job. One function, so a client sees the same keys for the same facts everywhere.
 *
 * @example
 *   curl http://127.0.0.1:8787/v1/monitors/lhco-dream/uploads/up_…
 */
import type { Hono } from 'hono';
import { monitorOr404 } from '../alerts/views.js';
import type { AppEnv } from '../env.js';
import { ApiError } from '../http/errors.js';
import type { UploadRecord } from '../storage/uploads.js';

export function registerUploadsGet(app: Hono<AppEnv>): void {
  app.get('/v1/monitors/:id/uploads/:upload', async (c) => {
    const monitor = await monitorOr404(c);
    const id = c.req.param('upload');
    if (!/^up_[a-z0-9]{1,40}$/.test(id)) throw new ApiError(400, 'invalid_id', 'not an upload id (up_…)');
    const upload = await c.var.services.uploads.get(monitor.id, id);
    if (!upload) throw new ApiError(404, 'upload_not_found', `monitor "${monitor.id}" has no upload "${id}"`);
    return c.json(uploadView(upload));
  });
}

/** Field by field, so that nothing else a record carries reaches an answer. */
export function uploadView(u: UploadRecord) {
  return {
    id: u.id,
    monitor_id: u.monitor_id,
    sha256: u.sha256,
    r2_key: u.r2_key,
    format: u.format,
    n: u.n,
    n_features: u.n_features,
    result: u.result,
    evaluation: u.evaluation ?? null,
    created_at: u.created_at,
  };
}
