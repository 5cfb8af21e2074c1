/**
 * The one place that wires middleware and routes. Every route module registers itself here; every
 * error, thrown anywhere, leaves through `errorResponse` in the API's single error shape.
 */
import { Hono } from 'hono';
import type { AppEnv } from './env.js';
import { ApiError, errorResponse } from './http/errors.js';
import { registerHealth } from './routes/health.js';
import { registerModelsList } from './routes/v1_models_list.js';
import { registerMonitorsCreate } from './routes/v1_monitors_create.js';
import { registerMonitorsGet } from './routes/v1_monitors_get.js';
import { registerMonitorsList } from './routes/v1_monitors_list.js';
import { registerUploadsCreate } from './routes/v1_monitors_uploads_create.js';
import { registerUploadsList } from './routes/v1_monitors_uploads_list.js';
import { registerScore } from './routes/v1_score.js';
import { servicesFromEnv, type Services } from './services.js';

/** Builds the app; tests pass their own services factory. */
export function createApp(makeServices: (env: AppEnv['Bindings']) => Services = servicesFromEnv): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('services', makeServices(c.env));
    await next();
  });
  registerHealth(app);
  registerModelsList(app);
  registerMonitorsCreate(app);
  registerMonitorsList(app);
  registerMonitorsGet(app);
  registerUploadsCreate(app);
  registerUploadsList(app);
  registerScore(app);
  app.notFound((c) => errorResponse(new ApiError(404, 'not_found', `no route for ${c.req.method} ${new URL(c.req.url).pathname}`)));
  app.onError((err) => errorResponse(err));
  return app;
}
