/**
 * CORS for the public endpoints (model cards and ONNX files, per-event scoring), configured on
 * purpose rather than left open: only the origins listed in `CORS_ORIGINS` (comma-separated, exact
 * match, e.g. "https://lab.example.org,http://localhost:5173") get `Access-Control-Allow-Origin`;
 * with the setting empty, browsers on other sites cannot read answers at all (same-origin pages,
 * like the Worker's own scoring page, need no CORS). `Authorization` is not an allowed request
 * header and credentials are off, so a browser on another site can never send a token: management
 * and token-protected uploads stay out of reach of cross-site scripts even for allowed origins.
 *
 * @example
 *   app.use('/v1/score/*', publicCors());
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../env.js';

/** The allowed origins of a `CORS_ORIGINS` setting. */
export function allowedOrigins(setting: string | undefined): string[] {
  return (setting ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '' && o !== '*');
}

export function publicCors(): MiddlewareHandler<AppEnv> {
  return cors({
    origin: (origin, c) => (allowedOrigins((c.env as AppEnv['Bindings']).CORS_ORIGINS).includes(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'X-Shape'],
    exposeHeaders: ['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'ETag'],
    maxAge: 600,
    credentials: false,
  });
}
