/** Bindings and per-request variables of the Worker (see wrangler.toml). */
import type { Services } from './services';
import type { DeliveryMessage, JobMessage, R2EventNotification } from './background/messages.js';

export interface Env {
  DB: D1Database;
  SAMPLES: R2Bucket;
  /** Secret for managing monitors; unset means management is refused. */
  ADMIN_TOKEN?: string;
  /** Largest accepted request body in bytes. */
  MAX_BODY_BYTES?: string;
  /** Most events accepted in one batch. */
  MAX_ROWS?: string;
  /** Queues (wrangler.toml): chunked scoring jobs, webhook deliveries, R2 event notifications. */
  JOBS?: Queue<JobMessage>;
  WEBHOOKS?: Queue<DeliveryMessage>;
  R2_EVENTS?: Queue<R2EventNotification>;
  /** Alerts, webhooks and jobs (see src/alerts/settings.ts for each one's meaning and default). */
  WEBHOOK_SECRET_KEY?: string;
  WEBHOOK_ALLOW_PRIVATE_URLS?: string;
  WEBHOOK_TIMEOUT_MS?: string;
  WEBHOOK_MAX_ATTEMPTS?: string;
  WEBHOOK_RETRY_BASE_MS?: string;
  WEBHOOK_RETRY_MAX_MS?: string;
  SWEEP_AFTER_MS?: string;
  ENDPOINT_FAILING_ALERT_MS?: string;
  PUBLIC_URL?: string;
  JOB_PART_BYTES?: string;
  JOB_CHUNK_ROWS?: string;
  JOB_MAX_BYTES?: string;
  JOB_MAX_ROWS?: string;
  R2_INCOMING_PREFIX?: string;
  /** Public score endpoint: requests per client per window, and the window in seconds. */
  SCORE_RATE_LIMIT?: string;
  SCORE_RATE_WINDOW_S?: string;
  /** Comma-separated origins allowed to call the public endpoints from a browser; empty: none. */
  CORS_ORIGINS?: string;
}

export interface AppEnv {
  Bindings: Env;
  Variables: { services: Services };
}
