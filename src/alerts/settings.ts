/**
 * Alerting, webhook and job settings from the Worker's vars (wrangler.toml `[vars]`, `.dev.vars`,
 * `wrangler dev --var`), with production defaults. Every number is validated; a bad value falls
 * back to the default rather than disabling alerts.
 *
 * @example
 *   const settings = alertSettings(env);
 *   settings.maxAttempts; // 8
 */
import type { Env } from '../env.js';

export interface AlertSettings {
  /** Deployment key that encrypts webhook secrets; undefined refuses webhook creation. */
  secretKey: string | undefined;
  /** Send to loopback/private/link-local URLs (local development and tests only). */
  allowPrivateUrls: boolean;
  /** A receiver slower than this is a failed attempt. */
  timeoutMs: number;
  /** Attempts per delivery before it fails and the endpoint is marked failing. */
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** A due delivery or a job step with no progress for this long is re-queued by the scheduled sweep. */
  sweepAfterMs: number;
  /** An endpoint failing for this long raises a `webhook.endpoint_failing` event. */
  failingAlertAfterMs: number;
  /** Base of absolute links in event payloads; empty gives paths only. */
  publicUrl: string;
}

export interface JobSettings {
  /** Size of every part but the last in a multipart job upload (R2 wants ≥ 5 MiB, equal sizes). */
  partBytes: number;
  /** Rows per scoring chunk; 0 = sized to about 16 MiB of input per chunk. */
  chunkRows: number;
  /** Largest source object a job accepts. */
  maxBytes: number;
  /**
   * Largest number of events in one job. The final summary holds every score at once, with sorted
   * float64 copies for the AUC, the calibrated JSD and the ROC curve (an estimated 40 bytes per event at
   * the peak): 2 million events stay well inside a Worker's 128 MB.
   */
  maxRows: number;
  /** R2 prefix watched for dropped files: `<prefix><monitor id>/<file>`. */
  incomingPrefix: string;
}

export function alertSettings(env: Env): AlertSettings {
  return {
    secretKey: env.WEBHOOK_SECRET_KEY || undefined,
    allowPrivateUrls: env.WEBHOOK_ALLOW_PRIVATE_URLS === 'true',
    timeoutMs: int(env.WEBHOOK_TIMEOUT_MS, 10_000, 100, 60_000),
    maxAttempts: int(env.WEBHOOK_MAX_ATTEMPTS, 8, 1, 50),
    retryBaseMs: int(env.WEBHOOK_RETRY_BASE_MS, 30_000, 0, 3_600_000),
    retryMaxMs: int(env.WEBHOOK_RETRY_MAX_MS, 3_600_000, 0, 86_400_000),
    sweepAfterMs: int(env.SWEEP_AFTER_MS, 120_000, 0, 86_400_000),
    failingAlertAfterMs: int(env.ENDPOINT_FAILING_ALERT_MS, 3_600_000, 0, 30 * 86_400_000),
    publicUrl: (env.PUBLIC_URL ?? '').replace(/\/+$/, ''),
  };
}

export function jobSettings(env: Env): JobSettings {
  return {
    partBytes: int(env.JOB_PART_BYTES, 8 * 1024 * 1024, 1, 64 * 1024 * 1024),
    chunkRows: int(env.JOB_CHUNK_ROWS, 0, 0, 1_000_000),
    maxBytes: int(env.JOB_MAX_BYTES, 4 * 1024 * 1024 * 1024, 1, Number.MAX_SAFE_INTEGER),
    maxRows: int(env.JOB_MAX_ROWS, 2_000_000, 1, 1e9),
    incomingPrefix: env.R2_INCOMING_PREFIX || 'incoming/',
  };
}

function int(value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}
