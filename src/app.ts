/**
 * The one place that wires middleware and routes. Every route module registers itself here; every
 * error, thrown anywhere, leaves through `errorResponse` in the API's single error shape.
 */
import { Hono } from 'hono';
import type { AppEnv } from './env.js';
import { publicCors } from './http/cors.js';
import { ApiError, errorResponse } from './http/errors.js';
import { registerHealth } from './routes/health.js';
import { registerOpenApi } from './routes/openapi_json.js';
import { registerDocsPage } from './routes/page_docs.js';
import { registerModelPages } from './routes/page_models.js';
import { registerMonitorPage } from './routes/page_monitor.js';
import { registerOverviewPage } from './routes/page_overview.js';
import { registerScorePage } from './routes/page_score.js';
import { registerModelOnnx } from './routes/v1_models_onnx.js';
import { registerModelsList } from './routes/v1_models_list.js';
import { registerMonitorAccessUpdate } from './routes/v1_monitors_access_update.js';
import { registerMonitorsCreate } from './routes/v1_monitors_create.js';
import { registerMonitorsGet } from './routes/v1_monitors_get.js';
import { registerMonitorsList } from './routes/v1_monitors_list.js';
import { registerUploadsCreate } from './routes/v1_monitors_uploads_create.js';
import { registerUploadsList } from './routes/v1_monitors_uploads_list.js';
import { registerScore } from './routes/v1_score.js';
import { registerTokensCreate } from './routes/v1_monitors_tokens_create.js';
import { registerTokensDelete } from './routes/v1_monitors_tokens_delete.js';
import { registerChecksRun } from './routes/v1_checks_run.js';
import { registerEventsList } from './routes/v1_monitors_events_list.js';
import { registerJobsComplete } from './routes/v1_jobs_complete.js';
import { registerJobsGet } from './routes/v1_jobs_get.js';
import { registerJobsPartsPut } from './routes/v1_jobs_parts_put.js';
import { registerJobsCreate } from './routes/v1_monitors_jobs_create.js';
import { registerJobsList } from './routes/v1_monitors_jobs_list.js';
import { registerRulesGet } from './routes/v1_monitors_rules_get.js';
import { registerRulesPut } from './routes/v1_monitors_rules_put.js';
import { registerUploadsGet } from './routes/v1_monitors_uploads_get.js';
import { registerWebhooksCreate } from './routes/v1_monitors_webhooks_create.js';
import { registerDeliveriesList } from './routes/v1_monitors_webhooks_deliveries_list.js';
import { registerDeliveriesReplay } from './routes/v1_monitors_webhooks_deliveries_replay.js';
import { registerWebhooksDelete } from './routes/v1_monitors_webhooks_delete.js';
import { registerWebhooksList } from './routes/v1_monitors_webhooks_list.js';
import { registerWebhooksRotate } from './routes/v1_monitors_webhooks_rotate.js';
import { registerWebhooksTest } from './routes/v1_monitors_webhooks_test.js';
import { registerWebhooksUpdate } from './routes/v1_monitors_webhooks_update.js';
import { servicesFromEnv, type Services } from './services.js';

/** Builds the app; tests pass their own services factory. */
export function createApp(makeServices: (env: AppEnv['Bindings']) => Services = servicesFromEnv): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('services', makeServices(c.env));
    await next();
  });
  // Public endpoints only: cross-origin browsers may read models and score, from listed origins.
  for (const path of ['/v1/score/*', '/v1/models', '/v1/models/*']) app.use(path, publicCors());
  registerHealth(app);
  registerModelsList(app);
  registerModelOnnx(app);
  registerMonitorsCreate(app);
  registerMonitorsList(app);
  registerMonitorsGet(app);
  registerUploadsCreate(app);
  registerUploadsList(app);
  registerScore(app);
  registerTokensCreate(app);
  registerTokensDelete(app);
  registerMonitorAccessUpdate(app);
  // Monitoring and alerts: rules, webhooks and their delivery log, large-batch jobs.
  registerUploadsGet(app);
  registerRulesGet(app);
  registerRulesPut(app);
  registerWebhooksCreate(app);
  registerWebhooksList(app);
  registerWebhooksUpdate(app);
  registerWebhooksDelete(app);
  registerWebhooksRotate(app);
  registerWebhooksTest(app);
  registerDeliveriesList(app);
  registerDeliveriesReplay(app);
  registerEventsList(app);
  registerJobsCreate(app);
  registerJobsList(app);
  registerJobsPartsPut(app);
  registerJobsComplete(app);
  registerJobsGet(app);
  registerChecksRun(app);
  registerOpenApi(app);
  // HTML pages (src/pages/): the dashboard, model cards, the in-browser scoring page, the API docs.
  registerOverviewPage(app);
  registerMonitorPage(app);
  registerModelPages(app);
  registerScorePage(app);
  registerDocsPage(app);
  app.notFound((c) => errorResponse(new ApiError(404, 'not_found', `no route for ${c.req.method} ${new URL(c.req.url).pathname}`)));
  app.onError((err) => errorResponse(err));
  return app;
}
