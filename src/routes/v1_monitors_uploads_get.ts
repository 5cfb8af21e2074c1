/**
 * GET /v1/monitors/:id/uploads/:upload — one upload with its result and rule evaluation (the
 * target of the `links.upload` in alert payloads).
 *
 * @example
 *   curl http://127.0.0.1:8787/v1/monitors/lhco-dream/uploads/up_…
 */
import type { Hono } from 'hono';
import { monitorOr404 } from '../alerts/views.js';
import type { AppEnv } from '../env.js';
import { ApiError } from '../http/errors.js';
import { uploadView } from './v1_monitors_uploads_create.js';

export function registerUploadsGet(app: Hono<AppEnv>): void {
  app.get('/v1/monitors/:id/uploads/:upload', async (c) => {
    const monitor = await monitorOr404(c);
    const id = c.req.param('upload');
    if (!/^up_[a-z0-9]{1,40}$/.test(id)) throw new ApiError(400, 'invalid_id', 'not an upload id (up_…)');
    const upload = await c.var.services.uploads.get(monitor.id, id);
    if (!upload) throw new ApiError(404, 'upload_not_found', `monitor "${monitor.id}" has no upload "${id}"`);
    return c.json(uploadView(upload, false));
  });
}
