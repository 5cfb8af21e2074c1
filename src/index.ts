/** Worker entry point: HTTP (the Hono app), the queue consumer and the Cron Trigger. */
import { createApp } from './app.js';
import { handleQueue } from './background/queue.js';
import { handleScheduled } from './background/scheduled.js';
import type { Env } from './env.js';

const app = createApp();

export default {
  fetch: app.fetch,
  queue: handleQueue,
  scheduled: handleScheduled,
} satisfies ExportedHandler<Env>;
