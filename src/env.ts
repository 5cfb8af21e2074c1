/** Bindings and per-request variables of the Worker (see wrangler.toml). */
import type { Services } from './services';

export interface Env {
  DB: D1Database;
  SAMPLES: R2Bucket;
  /** Secret for managing monitors; unset means management is refused. */
  ADMIN_TOKEN?: string;
  /** Largest accepted request body in bytes. */
  MAX_BODY_BYTES?: string;
  /** Most events accepted in one batch. */
  MAX_ROWS?: string;
}

export interface AppEnv {
  Bindings: Env;
  Variables: { services: Services };
}
