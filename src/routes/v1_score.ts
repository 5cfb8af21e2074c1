/**
 * POST /v1/score/:model — per-event scores for a posted batch (same body formats and ?columns= as
 * uploads). Public and read-only: nothing is stored. Rate-limited per client (429 with Retry-After,
 * before the body is read; http/rate-limit.ts), and readable cross-origin from the CORS_ORIGINS
 * allow-list.
 *
 * @example
 *   curl -X POST -H 'content-type: application/x-npy' --data-binary @batch.npy \
 *     http://127.0.0.1:8787/v1/score/lhco-dream
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { readBatch } from '../http/batch.js';
import { checkId } from '../http/ids.js';
import { scoreRateLimit } from '../http/rate-limit.js';
import { scoreMatrix } from '../inference/score.js';

export function registerScore(app: Hono<AppEnv>): void {
  app.post('/v1/score/:model', scoreRateLimit(), async (c) => {
    const { registry, limits } = c.var.services;
    const model = registry.get(checkId(c.req.param('model'), 'model'));
    const { matrix } = await readBatch(c.req.raw, limits, model.card.features.map((f) => f.name));
    const { scores } = await scoreMatrix(registry, model, matrix);
    return c.json({ model: model.card.id, kind: model.card.kind, n: matrix.rows, scores: Array.from(scores) });
  });
}
