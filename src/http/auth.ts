/**
 * Bearer tokens and their two scopes:
 * - admin: the deployment's ADMIN_TOKEN secret; manages monitors, tokens, models and webhooks;
 * - upload: a per-monitor upload token (see storage/tokens.ts); uploads to that monitor only.
 * A monitor with `open_uploads` takes uploads with no token at all (the demo monitor); everything
 * else that reads is public. Each scope is accepted only where it belongs: the admin token does not
 * upload and an upload token does not manage, so a leaked uploader credential cannot reconfigure
 * anything. No token → 401 `unauthorized`; a token that is nobody's → 403 `forbidden`; a valid
 * token of the wrong scope (or of another monitor) → 403 `insufficient_scope`. Tokens are never
 * echoed back, and compared through SHA-256 digests in constant time (http/secrets.ts).
 *
 * @example
 *   app.post('/v1/monitors', requireAdmin(), handler);
 *   await requireUploader(c, monitor); // inside an upload route, once the monitor is known
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';
import type { MonitorRecord } from '../storage/monitors.js';
import { ApiError } from './errors.js';
import { sameSecret } from './secrets.js';

export { sameSecret };

export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const expected = c.env.ADMIN_TOKEN;
    if (!expected) throw new ApiError(503, 'admin_disabled', 'no admin token is configured for this deployment');
    const token = bearerToken(c);
    if (token === null) throw new ApiError(401, 'unauthorized', 'send "Authorization: Bearer <admin token>"');
    if (!(await sameSecret(token, expected))) {
      if ((await c.var.services.tokens.monitorOf(token)) !== null) {
        throw new ApiError(403, 'insufficient_scope', 'an upload token can only upload; this needs the admin token');
      }
      throw new ApiError(403, 'forbidden', 'the token is not valid');
    }
    await next();
  };
}

/**
 * Lets an upload through to `monitor` or throws: open monitors take anyone, closed ones need one
 * of their own live upload tokens.
 */
export async function requireUploader(c: Context<AppEnv>, monitor: MonitorRecord): Promise<void> {
  if (monitor.open_uploads) return;
  const token = bearerToken(c);
  if (token === null) {
    throw new ApiError(401, 'unauthorized', `monitor "${monitor.id}" takes uploads with its upload token: send "Authorization: Bearer <upload token>"`);
  }
  const { tokens } = c.var.services;
  if (await tokens.verify(monitor.id, token)) return;
  const admin = c.env.ADMIN_TOKEN;
  if ((admin && (await sameSecret(token, admin))) || (await tokens.monitorOf(token)) !== null) {
    throw new ApiError(
      403,
      'insufficient_scope',
      `this token cannot upload to monitor "${monitor.id}"; uploads need an upload token of this monitor (an admin creates one with POST /v1/monitors/${monitor.id}/tokens)`,
    );
  }
  throw new ApiError(403, 'forbidden', 'the token is not valid');
}

/** The token of an `Authorization: Bearer …` header; null when there is none or it is malformed. */
export function bearerToken(c: Context<AppEnv>): string | null {
  const match = /^Bearer[ \t]+([\x21-\x7e]{1,512})[ \t]*$/i.exec(c.req.header('authorization') ?? '');
  return match ? match[1] : null;
}
