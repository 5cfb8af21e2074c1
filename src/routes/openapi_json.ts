/** GET /openapi.json — the API as an OpenAPI 3.1 document, generated from the zod schemas. */
import type { Hono } from 'hono';
import { openApiDocument } from '../api/openapi.js';
import type { AppEnv } from '../env.js';

export function registerOpenApi(app: Hono<AppEnv>): void {
  app.get('/openapi.json', (c) => c.json(openApiDocument()));
}
