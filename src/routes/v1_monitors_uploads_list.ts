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
    const limit = parseLimit(singleQuery(c.req.queries('limit'), 'limit'));
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

/** The one value of a query parameter; given twice, it is ambiguous and refused. */
function singleQuery(values: string[] | undefined, name: string): string | undefined {
  if (values === undefined || values.length === 0) return undefined;
  if (values.length > 1) throw new ApiError(400, 'invalid_query', `${name} given ${values.length} times`);
  return values[0];
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return 50;
  // Decimal digits only: Number() would also take "1e2", "0x10" or " 5".
  const n = /^[0-9]{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= 500)) throw new ApiError(400, 'invalid_limit', 'limit must be an integer from 1 to 500');
  return n;
}

function checkUploadId(value: string): string {
  if (!/^up_[a-z0-9]{1,40}$/.test(value)) throw new ApiError(400, 'invalid_id', 'before must be an upload id');
  return value;
}
