/**
 * POST /v1/monitors (admin token) — a monitor watches one served model: uploads are scored with it
 * and compared with its reference scores. New monitors are closed to uploads without a token unless
 * created with `"open_uploads": true`; the answer carries the monitor's first upload token
 * (`upload_token.token`), shown this once.
 *
 * @example
 *   curl -X POST -H "authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' \
 *     -d '{"id":"fastsim-v2","model":"lhco-dream","name":"Fast sim v2"}' http://127.0.0.1:8787/v1/monitors
 */
import type { Hono } from 'hono';
import { CreateMonitor } from '../api/schemas.js';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../http/auth.js';
import { readJson } from '../http/body.js';
import { ApiError } from '../http/errors.js';
import { parseBody } from '../http/validate.js';
import { monitorView } from './v1_monitors_get.js';

export function registerMonitorsCreate(app: Hono<AppEnv>): void {
  app.post('/v1/monitors', requireAdmin(), async (c) => {
    const { registry, monitors, tokens, limits } = c.var.services;
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
      open_uploads: body.open_uploads ?? false,
    });
    if (!record) throw new ApiError(409, 'monitor_exists', `a monitor with id "${body.id}" already exists`);
    // Every monitor gets a first upload token, shown here once: only its hash is kept.
    const { token, record: tokenRecord } = await tokens.create(record.id);
    return c.json({ ...monitorView(record, model.card, null, 0), upload_token: { ...tokenRecord, token } }, 201);
  });
}
