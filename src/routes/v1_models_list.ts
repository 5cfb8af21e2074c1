/**
 * GET /v1/models — every served model with its card. The reference score sample (thousands of
 * numbers) is summarised as its size; GET /v1/models/:id returns one card the same way.
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { checkId } from '../http/ids.js';
import type { Model } from '../inference/registry.js';

export function registerModelsList(app: Hono<AppEnv>): void {
  app.get('/v1/models', (c) => c.json({ models: c.var.services.registry.list().map(publicCard) }));
  app.get('/v1/models/:model', (c) => {
    const { registry } = c.var.services;
    return c.json(publicCard(registry.get(checkId(c.req.param('model'), 'model'))));
  });
}

export function publicCard({ card }: Model) {
  const { reference, ...rest } = card;
  return {
    ...rest,
    reference: reference
      ? { description: reference.description, n: reference.scores.length, histograms: reference.histograms }
      : null,
  };
}
