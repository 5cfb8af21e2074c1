/**
 * POST /v1/monitors/:id/uploads — score a batch of events against the monitor's reference.
 *
 * Everything that can fail on bad input (decoding, feature count, scoring) happens before anything
 * is written; then the batch goes to R2 under its content hash and the result to D1. A batch the
 * monitor has already seen answers 200 with the first upload (`duplicate: true`); a new one 201.
 * Either answer is the upload exactly as GET /v1/monitors/:id/uploads/:upload shows it, plus
 * `duplicate`.
 * An accepted upload is the D1 row, written after the R2 object: an object without a row (a crash
 * between the two) is not an upload, and a retry completes it.
 *
 * Closed monitors need one of their upload tokens (`Authorization: Bearer dwu_…`), checked before
 * the body is read; open monitors take anyone. An optional `Idempotency-Key` binds a key to the
 * batch (http/idempotency.ts). A batch needs at least two events: its summary (DeLong CI,
 * calibrated JSD) is undefined for one.
 *
 * @example
 *   curl -X POST -H 'content-type: application/x-npy' --data-binary @batch.npy \
 *     http://127.0.0.1:8787/v1/monitors/lhco-dream/uploads
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { encodeNpy } from '../formats/npy.js';
import { requireUploader } from '../http/auth.js';
import { readBatch } from '../http/batch.js';
import { ApiError } from '../http/errors.js';
import { idempotencyKey, idempotencyKeyReused } from '../http/idempotency.js';
import { checkId } from '../http/ids.js';
import { scoreMatrix } from '../inference/score.js';
import { evaluateUpload } from '../monitor/evaluate.js';
import { summariseBatch } from '../monitor/summarise.js';
import { sha256Hex } from '../storage/samples.js';
import type { UploadRecord } from '../storage/uploads.js';
import { uploadView } from './v1_monitors_uploads_get.js';

export function registerUploadsCreate(app: Hono<AppEnv>): void {
  app.post('/v1/monitors/:id/uploads', async (c) => {
    const { monitors, uploads, samples, registry, limits } = c.var.services;
    const monitor = await monitors.get(checkId(c.req.param('id'), 'monitor'));
    if (!monitor) throw new ApiError(404, 'monitor_not_found', `no monitor with id "${c.req.param('id')}"`);
    await requireUploader(c, monitor);
    const key = idempotencyKey(c.req.header('idempotency-key'));
    const model = registry.get(monitor.model_id);

    const { matrix, format } = await readBatch(c.req.raw, limits, model.card.features.map((f) => f.name));
    const canonical = encodeNpy(matrix);
    const sha256 = await sha256Hex(canonical);
    if (key !== undefined) {
      const bound = await uploads.keyHash(monitor.id, key);
      if (bound !== null && bound !== sha256) throw idempotencyKeyReused(key);
    }
    const seen = await uploads.findByHash(monitor.id, sha256);
    if (seen) {
      if (key !== undefined && (await uploads.claimKey(monitor.id, key, sha256)) !== sha256) throw idempotencyKeyReused(key);
      // A repeat is never evaluated twice; this only completes an evaluation a crash cut short.
      return c.json(uploadAnswer({ ...seen, evaluation: await evaluateUpload(c.var.services, monitor, seen, { origin: new URL(c.req.url).origin }) }, true), 200);
    }

    const { scores, gradients } = await scoreMatrix(registry, model, matrix, { gradients: true });
    // After scoring (cheap for so few events), so that a batch of the wrong width hears that first.
    if (matrix.rows < MIN_UPLOAD_EVENTS) {
      throw new ApiError(422, 'too_few_events', `an upload needs at least ${MIN_UPLOAD_EVENTS} events (its confidence interval and JSD are undefined for fewer); this batch has ${matrix.rows}`, {
        expected: MIN_UPLOAD_EVENTS,
        actual: matrix.rows,
      });
    }
    const result = summariseBatch(model.card, matrix, scores, gradients);

    const r2Key = await samples.put(sha256, canonical, { rows: String(matrix.rows), cols: String(matrix.cols) });
    const upload: UploadRecord = {
      id: newUploadId(),
      monitor_id: monitor.id,
      sha256,
      r2_key: r2Key,
      format,
      n: matrix.rows,
      n_features: matrix.cols,
      result,
      created_at: new Date().toISOString(),
    };
    const inserted = key === undefined ? await uploads.insert(upload) : await uploads.insertWithKey(upload, key);
    if (!inserted) throw idempotencyKeyReused(key!);
    const { record, created } = inserted;
    // The monitor's degradation rules: which fired (raising one alert) or why none did, kept with the upload.
    const evaluation = await evaluateUpload(c.var.services, monitor, record, { origin: new URL(c.req.url).origin });
    return c.json(uploadAnswer({ ...record, evaluation }, !created), created ? 201 : 200);
  });
}

/** Fewest events an upload may have. */
export const MIN_UPLOAD_EVENTS = 2;

/** The answer to an upload: the upload as every other route shows it, and whether this request found it already stored. */
export function uploadAnswer(record: UploadRecord, duplicate: boolean) {
  return { ...uploadView(record), duplicate };
}

/** Time-ordered, unique: milliseconds in base 36, then 64 random bits. */
function newUploadId(): string {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `up_${Date.now().toString(36)}${Array.from(random, (v) => v.toString(36).padStart(7, '0')).join('')}`;
}
