/**
 * Everything a route needs from the outside world, built once per request from the bindings:
 * storage behind small interfaces, the model registry, and the configured limits.
 */
import type { Env } from './env.js';
import { alertSettings, jobSettings, type AlertSettings, type JobSettings } from './alerts/settings.js';
import type { DeliveryMessage, JobMessage, R2EventNotification } from './background/messages.js';
import { D1JobStore, type JobStore } from './storage/jobs.js';
import { D1RuleStore, type RuleStore } from './storage/rules.js';
import { D1WebhookStore, type WebhookStore } from './storage/webhooks.js';
import { bundledRegistry, type ModelRegistry } from './inference/registry.js';
import { D1MonitorStore, type MonitorStore } from './storage/monitors.js';
import { R2SampleStore, type SampleStore } from './storage/samples.js';
import { D1TokenStore, type TokenStore } from './storage/tokens.js';
import { D1UploadStore, type UploadStore } from './storage/uploads.js';

export interface Limits {
  maxBodyBytes: number;
  maxRows: number;
  maxCols: number;
  /** Management bodies (JSON) are small. */
  maxJsonBytes: number;
  /** Public score endpoint: requests per client per window (fixed window, see http/rate-limit.ts). */
  scoreRateLimit: number;
  scoreRateWindowSeconds: number;
}

export interface Services {
  registry: ModelRegistry;
  monitors: MonitorStore;
  uploads: UploadStore;
  samples: SampleStore;
  tokens: TokenStore;
  limits: Limits;
  /** Degradation rules, webhooks and scoring jobs (issue 5). */
  rules: RuleStore;
  webhooks: WebhookStore;
  jobs: JobStore;
  /** The samples bucket itself: jobs read their sources in ranges and upload in parts. */
  bucket: R2Bucket;
  /** Queue producers; null where a binding is missing (the work then waits for the scheduled sweep). */
  queues: { jobs: Queue<JobMessage> | null; webhooks: Queue<DeliveryMessage> | null; r2Events: Queue<R2EventNotification> | null };
  alerts: AlertSettings;
  jobLimits: JobSettings;
}

export function servicesFromEnv(env: Env): Services {
  return {
    registry: bundledRegistry(),
    monitors: new D1MonitorStore(env.DB),
    uploads: new D1UploadStore(env.DB),
    samples: new R2SampleStore(env.SAMPLES),
    tokens: new D1TokenStore(env.DB),
    rules: new D1RuleStore(env.DB),
    webhooks: new D1WebhookStore(env.DB),
    jobs: new D1JobStore(env.DB),
    bucket: env.SAMPLES,
    queues: { jobs: env.JOBS ?? null, webhooks: env.WEBHOOKS ?? null, r2Events: env.R2_EVENTS ?? null },
    alerts: alertSettings(env),
    jobLimits: jobSettings(env),
    limits: {
      maxBodyBytes: positiveInt(env.MAX_BODY_BYTES, 32 * 1024 * 1024),
      maxRows: positiveInt(env.MAX_ROWS, 200_000),
      maxCols: 1024,
      maxJsonBytes: 64 * 1024,
      scoreRateLimit: positiveInt(env.SCORE_RATE_LIMIT, 120),
      scoreRateWindowSeconds: positiveInt(env.SCORE_RATE_WINDOW_S, 60),
    },
  };
}

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
