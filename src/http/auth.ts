/**
 * Bearer-token middleware for management routes. Tokens are compared through their SHA-256
 * digests in constant time, so neither the length nor a prefix of the secret leaks through timing.
 *
 * @example
 *   app.post('/v1/monitors', requireAdmin(), handler);
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';
import { ApiError } from './errors.js';

export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const expected = c.env.ADMIN_TOKEN;
    if (!expected) throw new ApiError(503, 'admin_disabled', 'no admin token is configured for this deployment');
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError(401, 'unauthorized', 'send "Authorization: Bearer <admin token>"');
    if (!(await sameSecret(match[1], expected))) throw new ApiError(403, 'forbidden', 'the token is not valid');
    await next();
  };
}

/** Constant-time comparison of two secrets via their digests. */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(given)),
    crypto.subtle.digest('SHA-256', encoder.encode(expected)),
  ]);
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}
