/**
 * POST /v1/monitors/:id/uploads — score a batch of events against the monitor's reference.
 *
 * Everything that can fail on bad input (decoding, feature count, scoring) happens before anything
 * is written; then the batch goes to R2 under its content hash and the result to D1. A batch the
 * monitor has already seen answers 200 with the first result (`duplicate: true`); a new one 201.
 *
 * @example
 *   curl -X POST -H 'content-type: application/x-npy' --data-binary @batch.npy \
 *     http://127.0.0.1:8787/v1/monitors/lhco-dream/uploads
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { encodeNpy } from '../formats/npy.js';
import { readBatch } from '../http/batch.js';
import { ApiError } from '../http/errors.js';
import { checkId } from '../http/ids.js';
import { scoreMatrix } from '../inference/score.js';
import { summariseBatch } from '../monitor/summarise.js';
import { sha256Hex } from '../storage/samples.js';
import type { UploadRecord } from '../storage/uploads.js';

export function registerUploadsCreate(app: Hono<AppEnv>): void {
  app.post('/v1/monitors/:id/uploads', async (c) => {
    const { monitors, uploads, samples, registry, limits } = c.var.services;
    const monitor = await monitors.get(checkId(c.req.param('id'), 'monitor'));
    if (!monitor) throw new ApiError(404, 'monitor_not_found', `no monitor with id "${c.req.param('id')}"`);
    const model = registry.get(monitor.model_id);

    const { matrix, format } = await readBatch(c.req.raw, limits);
    const canonical = encodeNpy(matrix);
    const sha256 = await sha256Hex(canonical);
    const seen = await uploads.findByHash(monitor.id, sha256);
    if (seen) return c.json(uploadView(seen, true), 200);

    const { scores, gradients } = await scoreMatrix(registry, model, matrix, { gradients: true });
    const result = summariseBatch(model.card, matrix, scores, gradients);

    const r2Key = await samples.put(sha256, canonical, { rows: String(matrix.rows), cols: String(matrix.cols) });
    const { record, created } = await uploads.insert({
      id: newUploadId(),
      monitor_id: monitor.id,
      sha256,
      r2_key: r2Key,
      format,
      n: matrix.rows,
      n_features: matrix.cols,
      result,
      created_at: new Date().toISOString(),
    });
    return c.json(uploadView(record, !created), created ? 201 : 200);
  });
}

export function uploadView(record: UploadRecord, duplicate: boolean) {
  return { ...record, duplicate };
}

/** Time-ordered, unique: milliseconds in base 36, then 64 random bits. */
function newUploadId(): string {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `up_${Date.now().toString(36)}${Array.from(random, (v) => v.toString(36).padStart(7, '0')).join('')}`;
}
