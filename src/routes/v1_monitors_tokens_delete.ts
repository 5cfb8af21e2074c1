/**
 * DELETE /v1/monitors/:id/tokens/:token (admin token) — revokes an upload token by its id (the
 * `tok_…` name, not the secret). Uploads with it are refused from then on.
 *
 * @example
 *   curl -X DELETE -H "authorization: Bearer $ADMIN_TOKEN" http://127.0.0.1:8787/v1/monitors/fastsim-v2/tokens/tok_0123456789abcdef
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { checkId } from '../http/ids.js';

export function registerTokensDelete(app: Hono<AppEnv>): void {
  app.delete('/v1/monitors/:id/tokens/:token', requireAdmin(), async (c) => {
    const { tokens } = c.var.services;
    const monitorId = checkId(c.req.param('id'), 'monitor');
    const tokenId = c.req.param('token');
    if (!/^tok_[0-9a-f]{16}$/.test(tokenId)) throw new ApiError(400, 'invalid_id', 'token ids look like tok_ followed by 16 hex digits');
    if (!(await tokens.revoke(monitorId, tokenId))) {
      throw new ApiError(404, 'token_not_found', `monitor "${monitorId}" has no live token "${tokenId}"`);
    }
    return c.json({ id: tokenId, monitor_id: monitorId, revoked: true });
  });
}
