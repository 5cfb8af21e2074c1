/**
 * POST /v1/monitors/:id/tokens (admin token) — a new upload token for the monitor, shown in this
 * answer only (D1 keeps its SHA-256). A monitor can have several live tokens, so a token is
 * rotated by creating the new one, handing it out, then revoking the old one (DELETE …/:token).
 *
 * @example
 *   curl -X POST -H "authorization: Bearer $ADMIN_TOKEN" http://127.0.0.1:8787/v1/monitors/fastsim-v2/tokens
 *   # {"id":"tok_…","monitor_id":"fastsim-v2","created_at":"…","revoked_at":null,"token":"dwu_…"}
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { checkId } from '../http/ids.js';

export function registerTokensCreate(app: Hono<AppEnv>): void {
  app.post('/v1/monitors/:id/tokens', requireAdmin(), async (c) => {
    const { monitors, tokens } = c.var.services;
    const monitor = await monitors.get(checkId(c.req.param('id'), 'monitor'));
    if (!monitor) throw new ApiError(404, 'monitor_not_found', `no monitor with id "${c.req.param('id')}"`);
    const { token, record } = await tokens.create(monitor.id);
    return c.json({ ...record, token }, 201);
  });
}
