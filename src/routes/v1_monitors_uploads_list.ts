/** GET /v1/monitors/:id/uploads — the upload history, newest first (?limit=, ?before=<upload id>). */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { ApiError } from '../http/errors.js';
import { checkId } from '../http/ids.js';
import { uploadView } from './v1_monitors_uploads_get.js';

export function registerUploadsList(app: Hono<AppEnv>): void {
  app.get('/v1/monitors/:id/uploads', async (c) => {
    const { monitors, uploads } = c.var.services;
    const monitor = await monitors.get(checkId(c.req.param('id'), 'monitor'));
    if (!monitor) throw new ApiError(404, 'monitor_not_found', `no monitor with id "${c.req.param('id')}"`);
    const limit = parseLimit(c.req.query('limit'));
    const beforeParam = c.req.query('before');
    const before = beforeParam === undefined ? undefined : checkUploadId(beforeParam);
    const records = await uploads.list(monitor.id, { limit, before });
    return c.json({ monitor_id: monitor.id, uploads: records.map(uploadView) });
  });
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return 50;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new ApiError(400, 'invalid_limit', 'limit must be an integer from 1 to 500');
  return n;
}

function checkUploadId(value: string): string {
  if (!/^up_[a-z0-9]{1,40}$/.test(value)) throw new ApiError(400, 'invalid_id', 'before must be an upload id');
  return value;
}
