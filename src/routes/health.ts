/** GET /health — liveness, with the number of bundled models. */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';

export function registerHealth(app: Hono<AppEnv>): void {
  app.get('/health', (c) =>
    c.json({ status: 'ok', service: 'dreamwatch', models: c.var.services.registry.list().length }),
  );
}
