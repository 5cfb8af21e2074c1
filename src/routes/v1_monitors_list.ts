/** GET /v1/monitors — every monitor, oldest first. */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';

export function registerMonitorsList(app: Hono<AppEnv>): void {
  app.get('/v1/monitors', async (c) => {
    const { monitors } = c.var.services;
    return c.json({ monitors: await monitors.list() });
  });
}
