/**
 * Per-client rate limiting of the public score endpoint: a fixed window counted in D1.
 *
 * Why D1 and a fixed window, rather than a token bucket in the isolate's memory: a Worker runs in
 * many isolates at once and any of them can be evicted at any time, so an in-memory bucket is a
 * per-isolate budget that resets unpredictably — a client spread over N isolates gets N times the
 * limit. One counter row per (client, window) in D1 is the same for every isolate and survives
 * restarts, and costs one indexed upsert per request, small next to running the model. The price
 * of a fixed window is that a client can send up to twice the limit across a window boundary;
 * for a public scoring endpoint that is an acceptable bound. Counter rows of past windows are
 * pruned whenever a new window starts. The client is the `CF-Connecting-IP` address, which
 * Cloudflare sets on every request (clients cannot forge it there); requests without it (local
 * tools) share one bucket.
 *
 * Answers carry `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds); a refused
 * request is 429 `rate_limited` with `Retry-After`, before its body is read.
 *
 * @example
 *   app.post('/v1/score/:model', scoreRateLimit(), handler);
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';
import { ApiError, errorResponse } from './errors.js';

export interface WindowCount {
  /** Requests counted in the current window, this one included. */
  count: number;
  /** Seconds until the window ends. */
  resetSeconds: number;
}

/**
 * Counts one request of `client` in the current fixed window and returns the count so far.
 *
 * @example
 *   const { count, resetSeconds } = await countRequest(env.DB, '203.0.113.7', 60);
 */
export async function countRequest(db: D1Database, client: string, windowSeconds: number, nowMs = Date.now()): Promise<WindowCount> {
  const now = Math.floor(nowMs / 1000);
  const windowStart = now - (now % windowSeconds);
  const row = await db
    .prepare(
      `INSERT INTO rate_limits (client, window_start, count) VALUES (?1, ?2, 1)
       ON CONFLICT (client, window_start) DO UPDATE SET count = count + 1 RETURNING count`,
    )
    .bind(client, windowStart)
    .first<{ count: number }>();
  const count = row?.count ?? 1;
  // The first request of a window clears every client's past windows: at most one prune per
  // client per window, and the table holds roughly one row per active client.
  if (count === 1) await db.prepare('DELETE FROM rate_limits WHERE window_start < ?1').bind(windowStart).run();
  return { count, resetSeconds: windowStart + windowSeconds - now };
}

/** Middleware limiting each client to `limits.scoreRateLimit` requests per window. */
export function scoreRateLimit(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { scoreRateLimit: limit, scoreRateWindowSeconds: window } = c.var.services.limits;
    const client = c.req.header('cf-connecting-ip') ?? 'anonymous';
    const { count, resetSeconds } = await countRequest(c.env.DB, client.slice(0, 64), window);
    const headers = {
      'RateLimit-Limit': String(limit),
      'RateLimit-Remaining': String(Math.max(0, limit - count)),
      'RateLimit-Reset': String(resetSeconds),
    };
    if (count > limit) {
      const res = errorResponse(
        new ApiError(429, 'rate_limited', `more than ${limit} requests in ${window} s from this client; retry in ${resetSeconds} s`, {
          limit,
          window_seconds: window,
          retry_after: resetSeconds,
        }),
      );
      for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
      res.headers.set('Retry-After', String(resetSeconds));
      return res;
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
