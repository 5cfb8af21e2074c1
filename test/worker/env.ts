// The bindings the worker tests see: the Worker's own plus the migrations handed in by vitest.config.ts.
import type { D1Migration } from 'cloudflare:test';
import type { Env as WorkerEnv } from '../../src/env.js';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}
