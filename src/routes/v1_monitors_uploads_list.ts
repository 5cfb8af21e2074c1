/** GET /v1/monitors/:id/uploads — the upload history, newest first (?limit=, ?before=<upload id>). */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { ApiError } from '../http/errors.js';
import { checkId } from '../http/ids.js';
import { limitQuery, singleQuery } from '../http/query.js';
import { uploadView } from './v1_monitors_uploads_get.js';

export function registerUploadsList(app: Hono<AppEnv>): void {
  app.get('/v1/monitors/:id/uploads', async (c) => {
    const { monitors, uploads } = c.var.services;
    const monitor = await monitors.get(checkId(c.req.param('id'), 'monitor'));
    if (!monitor) throw new ApiError(404, 'monitor_not_found', `no monitor with id "${c.req.param('id')}"`);
    const limit = limitQuery(c.req.queries('limit'), 50, 500);
    const beforeParam = singleQuery(c.req.queries('before'), 'before');
    const before = beforeParam === undefined ? undefined : checkUploadId(beforeParam);
    // A cursor must be one of this monitor's uploads: a stale or mistyped one would otherwise read
    // as the end of the history.
    if (before !== undefined && !(await uploads.get(monitor.id, before))) {
      throw new ApiError(400, 'invalid_cursor', `before: no upload "${before}" in monitor "${monitor.id}"`);
    }
    const records = await uploads.list(monitor.id, { limit, before });
    return c.json({ monitor_id: monitor.id, uploads: records.map(uploadView) });
  });
}

function checkUploadId(value: string): string {
  if (!/^up_[a-z0-9]{1,40}$/.test(value)) throw new ApiError(400, 'invalid_id', 'before must be an upload id');
  return value;
}
