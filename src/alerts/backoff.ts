/**
 * When to try a failed webhook delivery again: exponential backoff with "equal jitter" (half the
 * step fixed, half random, so retries from many deliveries spread out but never come early), and a
 * receiver's Retry-After honoured as a lower bound. Both are capped at `maxMs`.
 *
 * With the defaults (base 30 s, cap 1 h, 8 attempts) the wait after attempt k is between half and
 * all of 30 s · 2^(k−1): up to 30 s, 1, 2, 4, 8, 16 and 32 min after attempts 1…7, so the last
 * attempt comes 32–64 minutes after the first.
 *
 * @example
 *   retryDelayMs(3, { baseMs: 30_000, maxMs: 3_600_000 }, null, () => 0.5); // 90000
 *   retryDelayMs(1, { baseMs: 30_000, maxMs: 3_600_000 }, 120_000);           // 120000 (Retry-After wins)
 */
export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

export function retryDelayMs(attempt: number, settings: BackoffSettings, retryAfterMs: number | null, random: () => number = Math.random): number {
  const step = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = step / 2 + random() * (step / 2);
  const wanted = retryAfterMs !== null ? Math.max(jittered, retryAfterMs) : jittered;
  return Math.round(Math.min(settings.maxMs, wanted));
}

/**
 * A Retry-After header (delay in seconds, or an HTTP date) in milliseconds from `now`; null when
 * absent or unreadable.
 *
 * @example
 *   parseRetryAfter('120', Date.now());                            // 120000
 *   parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:27:00Z')); // 60000
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}
