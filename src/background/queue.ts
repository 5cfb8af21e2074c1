/**
 * The Worker's queue consumer. One handler serves the three queues in wrangler.toml and tells the
 * messages apart by shape (so renaming a queue cannot misroute them): job steps, webhook
 * deliveries, and R2 event notifications.
 *
 * A message is acknowledged once its work is recorded in D1/R2. An unexpected error (not bad
 * input: that fails the job or the attempt and is recorded) retries the message; after the
 * queue's retries the scheduled sweep still finds the work from its D1 state.
 *
 * @example
 *   export default { fetch: app.fetch, queue: handleQueue, scheduled: handleScheduled };
 */
import { deliver } from '../alerts/deliver.js';
import type { Env } from '../env.js';
import { runJobStep } from '../jobs/process.js';
import { handleR2Notification } from '../jobs/r2-events.js';
import { servicesFromEnv, type Services } from '../services.js';
import { isDeliveryMessage, isJobMessage, isR2Notification } from './messages.js';

/** A job step that failed unexpectedly this many times fails the job instead of looping. */
const MAX_JOB_STEP_ATTEMPTS = 5;

export async function handleQueue(batch: MessageBatch<unknown>, env: Env, _ctx?: ExecutionContext, services: Services = servicesFromEnv(env)): Promise<void> {
  // Deliveries wait on remote receivers, so a batch of them runs concurrently; job steps are
  // CPU-bound and run one after another.
  const deliveries = batch.messages.filter((m) => isDeliveryMessage(m.body));
  const others = batch.messages.filter((m) => !isDeliveryMessage(m.body));
  await Promise.all(deliveries.map((m) => handle(services, m)));
  for (const m of others) await handle(services, m);
}

async function handle(services: Services, message: Message<unknown>): Promise<void> {
  const body = message.body;
  try {
    if (isDeliveryMessage(body)) await deliver(services, body);
    else if (isJobMessage(body)) await runJobStep(services, body);
    else if (isR2Notification(body)) await handleR2Notification(services, body);
    else console.warn('queue message of unknown shape dropped', JSON.stringify(body).slice(0, 200));
    message.ack();
  } catch (err) {
    console.error('queue message failed', JSON.stringify(body).slice(0, 200), err);
    if (isJobMessage(body) && message.attempts >= MAX_JOB_STEP_ATTEMPTS) {
      await services.jobs.fail(body.job_id, { code: 'internal_error', message: `step ${body.step} failed ${message.attempts} times` });
      message.ack();
      return;
    }
    message.retry({ delaySeconds: Math.min(60, 2 ** message.attempts) });
  }
}
