/**
 * POST /v1/monitors (admin token) — a monitor watches one served model: uploads are scored with it
 * and compared with its reference scores.
 *
 * @example
 *   curl -X POST -H "authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' \
 *     -d '{"id":"fastsim-v2","model":"lhco-dream","name":"Fast sim v2"}' http://127.0.0.1:8787/v1/monitors
 */
import type { Hono } from 'hono';
import * as z from 'zod/mini';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../http/auth.js';
import { readJson } from '../http/body.js';
import { ApiError } from '../http/errors.js';
import { ID_PATTERN } from '../http/ids.js';
import { parseBody } from '../http/validate.js';
import { monitorView } from './v1_monitors_get.js';

const CreateMonitor = z.strictObject({
  id: z.string().check(z.regex(ID_PATTERN, 'id: 1–63 characters of a-z, 0-9 and "-"')),
  model: z.string().check(z.regex(ID_PATTERN, 'model: a model id from GET /v1/models')),
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  description: z.optional(z.string().check(z.maxLength(2000))),
});

export function registerMonitorsCreate(app: Hono<AppEnv>): void {
  app.post('/v1/monitors', requireAdmin(), async (c) => {
    const { registry, monitors, limits } = c.var.services;
    const body = parseBody(CreateMonitor, await readJson(c.req.raw, limits.maxJsonBytes));
    const model = registry.get(body.model);
    if (!model.card.reference) {
      throw new ApiError(422, 'model_without_reference', `model "${body.model}" has no reference scores to compare uploads with`);
    }
    const record = await monitors.create({
      id: body.id,
      name: body.name ?? body.id,
      model_id: body.model,
      description: body.description ?? '',
    });
    if (!record) throw new ApiError(409, 'monitor_exists', `a monitor with id "${body.id}" already exists`);
    return c.json(monitorView(record, model.card, null, 0), 201);
  });
}
