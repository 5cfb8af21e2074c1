/** GET /v1/monitors/:id — the monitor, its model, baseline and latest upload. */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { ApiError } from '../http/errors.js';
import { checkId } from '../http/ids.js';
import type { ModelCard } from '../model-card.js';
import type { MonitorRecord } from '../storage/monitors.js';
import type { UploadRecord } from '../storage/uploads.js';

export function registerMonitorsGet(app: Hono<AppEnv>): void {
  app.get('/v1/monitors/:id', async (c) => {
    const { monitors, uploads, registry } = c.var.services;
    const record = await monitors.get(checkId(c.req.param('id'), 'monitor'));
    if (!record) throw new ApiError(404, 'monitor_not_found', `no monitor with id "${c.req.param('id')}"`);
    const [latest] = await uploads.list(record.id, { limit: 1 });
    const count = await uploads.count(record.id);
    const card = registry.has(record.model_id) ? registry.get(record.model_id).card : null;
    return c.json(monitorView(record, card, latest ?? null, count));
  });
}

export function monitorView(record: MonitorRecord, card: ModelCard | null, latest: UploadRecord | null, uploads: number) {
  return {
    ...record,
    model: card ? { id: card.id, kind: card.kind, features: card.features.map((f) => f.name) } : null,
    baseline: card?.metrics.auc !== undefined ? { auc: card.metrics.auc, auc_ci: card.metrics.auc_ci ?? null, source: 'model card validation split' } : null,
    uploads,
    latest: latest ? { id: latest.id, created_at: latest.created_at, n: latest.n, auc: latest.result.auc, auc_ci: latest.result.auc_ci } : null,
  };
}
