/**
 * PUT /v1/monitors/:id/access (admin token) — opens or closes a monitor to uploads without a
 * token: `{"open_uploads": false}` makes uploads need one of the monitor's upload tokens.
 *
 * @example
 *   curl -X PUT -H "authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' \
 *     -d '{"open_uploads": false}' http://127.0.0.1:8787/v1/monitors/lhco-dream/access
 */
import type { Hono } from 'hono';
import { MonitorAccess } from '../api/schemas.js';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../http/auth.js';
import { readJson } from '../http/body.js';
import { ApiError } from '../http/errors.js';
import { checkId } from '../http/ids.js';
import { parseBody } from '../http/validate.js';

export function registerMonitorAccessUpdate(app: Hono<AppEnv>): void {
  app.put('/v1/monitors/:id/access', requireAdmin(), async (c) => {
    const { monitors, limits } = c.var.services;
    const id = checkId(c.req.param('id'), 'monitor');
    const body = parseBody(MonitorAccess, await readJson(c.req.raw, limits.maxJsonBytes));
    if (!(await monitors.setOpenUploads(id, body.open_uploads))) throw new ApiError(404, 'monitor_not_found', `no monitor with id "${id}"`);
    return c.json({ id, open_uploads: body.open_uploads });
  });
}
