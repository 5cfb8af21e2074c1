/**
 * The steps of a scoring job, one queue message each:
 *
 * 1. `prepare` — read the source's layout, check it against the model, and hash the canonical
 *    float32 .npy encoding of the (column-selected) batch slice by slice (a DigestStream: constant
 *    memory). This validates every value before anything is scored, and gives the same content
 *    hash a one-request upload of the same events has: a batch the monitor has seen is recognised
 *    and the job finishes as a duplicate with the first result.
 * 2. `chunk` k — score rows [k·chunk_rows, (k+1)·chunk_rows) with gradients, add them to the
 *    feature sums, and keep the chunk's scores and the sums in R2 (jobs/<id>/…).
 * 3. `finish` — concatenate the scores, summarise exactly as a one-request upload does
 *    (summariseScored), record the upload, evaluate the rules (which may alert), and clean up.
 *
 * Chunks run in order (each step queues the next) because the floating-point sums must be added in
 * row order to equal the one-pass numbers. Each step moves the job on by compare-and-set: a
 * message delivered twice finds the step done and does nothing.
 *
 * @example
 *   await runJobStep(services, { kind: 'job', job_id: 'job_…', step: 'prepare' });
 */
import type { JobMessage } from '../background/messages.js';
import { FormatError } from '../formats/errors.js';
import { encodeNpyHeader } from '../formats/npy.js';
import { ApiError } from '../http/errors.js';
import { scoreMatrix } from '../inference/score.js';
import type { Model } from '../inference/registry.js';
import { evaluateUpload } from '../monitor/evaluate.js';
import { addFeatureSums, newFeatureSums, summariseScored, type FeatureSums } from '../monitor/summarise.js';
import type { Services } from '../services.js';
import { newId } from '../storage/ids.js';
import type { JobError, JobRecord } from '../storage/jobs.js';
import { readLayout, readRows, type SourceLayout } from './source.js';

/** About this much float32 input per chunk: well inside a Worker's 128 MB. */
const CHUNK_INPUT_BYTES = 16 * 1024 * 1024;
const MAX_CHUNK_ROWS = 16_384;
/** An upload needs at least two events (its DeLong interval and JSD are undefined for one). */
const MIN_EVENTS = 2;

export async function runJobStep(services: Services, message: JobMessage): Promise<void> {
  const job = await services.jobs.get(message.job_id);
  if (!job) return;
  try {
    if (message.step === 'prepare') await prepare(services, job);
    else if (message.step === 'chunk') await scoreChunk(services, job, message.chunk);
    else await finish(services, job);
  } catch (err) {
    const error = jobError(err);
    if (!error) throw err;
    await services.jobs.fail(job.id, error);
    // A refused batch leaves nothing behind; a file dropped into the bucket is its owner's and stays.
    await cleanUp(services, job, job.source === 'api');
  }
}

/** Sends the next step's message; without a queue the scheduled sweep picks the job up. */
export async function enqueueJob(services: Services, message: JobMessage): Promise<void> {
  if (!services.queues.jobs) return;
  await services.queues.jobs.send(message, { contentType: 'json' });
}

/** The message that continues a job from its recorded state (used by the sweep). */
export function nextMessage(job: JobRecord): JobMessage | null {
  if (job.status === 'queued') return { kind: 'job', job_id: job.id, step: 'prepare' };
  if (job.status !== 'scoring' || job.chunks === null) return null;
  return job.next_chunk < job.chunks ? { kind: 'job', job_id: job.id, step: 'chunk', chunk: job.next_chunk } : { kind: 'job', job_id: job.id, step: 'finish' };
}

async function prepare(services: Services, job: JobRecord): Promise<void> {
  if (job.status !== 'queued') return;
  const { monitors, registry, uploads, jobs, jobLimits, limits } = services;
  const monitor = await monitors.get(job.monitor_id);
  if (!monitor) throw new ApiError(404, 'monitor_not_found', `no monitor with id "${job.monitor_id}"`);
  const model = registry.get(monitor.model_id);
  const layout = await readLayout(services.bucket, job, { maxBytes: jobLimits.maxBytes, maxRows: jobLimits.maxRows, maxCsvBytes: limits.maxBodyBytes }, featureNames(model));
  const chunkRows = job.chunk_rows ?? (jobLimits.chunkRows || Math.max(1, Math.min(MAX_CHUNK_ROWS, Math.floor(CHUNK_INPUT_BYTES / (layout.cols * 4)))));

  // Hash the canonical encoding; this also decodes (and so validates) every value once.
  const digest = new crypto.DigestStream('SHA-256');
  const writer = digest.getWriter();
  let features = -1;
  for (let start = 0; start < layout.rows; start += chunkRows) {
    const m = await readRows(services.bucket, job.r2_key, layout, start, Math.min(chunkRows, layout.rows - start), job.columns);
    if (features < 0) {
      features = m.cols;
      checkFeatures(model.card.features.map((f) => f.name), features);
      await writer.write(encodeNpyHeader(layout.rows, features));
    }
    await writer.write(new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength));
  }
  await writer.close();
  const sha256 = hex(new Uint8Array(await digest.digest));
  if (layout.rows < MIN_EVENTS) {
    throw new ApiError(422, 'too_few_events', `an upload needs at least ${MIN_EVENTS} events; this batch has ${layout.rows}`);
  }

  const seen = await uploads.findByHash(job.monitor_id, sha256);
  const base = { rows: layout.rows, cols: layout.cols, n_features: features, chunk_rows: chunkRows, chunks: Math.ceil(layout.rows / chunkRows), sha256 };
  if (seen) {
    if (await jobs.advance(job.id, { status: 'queued' }, { ...base, status: 'done', upload_id: seen.id, duplicate: true })) {
      // The batch is already stored under the first upload; the job's own copy is not needed.
      if (job.source === 'api') await services.bucket.delete(job.r2_key);
    }
    return;
  }
  if (await jobs.advance(job.id, { status: 'queued' }, { ...base, status: 'scoring', next_chunk: 0 })) {
    await enqueueJob(services, { kind: 'job', job_id: job.id, step: 'chunk', chunk: 0 });
  }
}

async function scoreChunk(services: Services, job: JobRecord, chunk: number): Promise<void> {
  if (job.status !== 'scoring' || job.next_chunk !== chunk || job.chunks === null || job.chunk_rows === null) return;
  const { registry, monitors, jobs, bucket } = services;
  const monitor = await monitors.get(job.monitor_id);
  if (!monitor) throw new ApiError(404, 'monitor_not_found', `no monitor with id "${job.monitor_id}"`);
  const model = registry.get(monitor.model_id);
  const layout = await layoutOf(services, job, featureNames(model));
  const start = chunk * job.chunk_rows;
  const matrix = await readRows(bucket, job.r2_key, layout, start, Math.min(job.chunk_rows, layout.rows - start), job.columns);
  const { scores, gradients } = await scoreMatrix(registry, model, matrix, { gradients: true });
  const sums = chunk === 0 ? newFeatureSums(model.card, gradients !== undefined) : await readJson<FeatureSums>(bucket, sumsKey(job.id, chunk));
  addFeatureSums(sums, model.card, matrix, gradients);
  // Written under the chunk's own keys: a repeated step rewrites the same bytes.
  await bucket.put(scoresKey(job.id, chunk), scores);
  await bucket.put(sumsKey(job.id, chunk + 1), JSON.stringify(sums));
  if (await jobs.advance(job.id, { status: 'scoring', nextChunk: chunk }, { next_chunk: chunk + 1 })) {
    await enqueueJob(
      services,
      chunk + 1 < job.chunks ? { kind: 'job', job_id: job.id, step: 'chunk', chunk: chunk + 1 } : { kind: 'job', job_id: job.id, step: 'finish' },
    );
  }
}

async function finish(services: Services, job: JobRecord): Promise<void> {
  if (job.status !== 'scoring' || job.chunks === null || job.next_chunk !== job.chunks) return;
  const { registry, monitors, jobs, uploads, bucket } = services;
  const monitor = await monitors.get(job.monitor_id);
  if (!monitor) throw new ApiError(404, 'monitor_not_found', `no monitor with id "${job.monitor_id}"`);
  const model = registry.get(monitor.model_id);
  const scores = new Float32Array(job.rows!);
  let offset = 0;
  for (let k = 0; k < job.chunks; k++) {
    const object = await bucket.get(scoresKey(job.id, k));
    if (!object) throw new Error(`job ${job.id}: the scores of chunk ${k} are missing`);
    const part = new Float32Array(await object.arrayBuffer());
    scores.set(part, offset);
    offset += part.length;
  }
  if (offset !== scores.length) throw new Error(`job ${job.id}: ${offset} scores for ${scores.length} events`);
  const sums = await readJson<FeatureSums>(bucket, sumsKey(job.id, job.chunks));
  const result = summariseScored(model.card, scores, sums);
  const { record, created } = await uploads.insert({
    id: newId('up'),
    monitor_id: monitor.id,
    sha256: job.sha256!,
    r2_key: job.r2_key,
    format: job.format,
    n: job.rows!,
    n_features: job.n_features!,
    result,
    created_at: new Date().toISOString(),
  });
  await evaluateUpload(services, monitor, record);
  if (await jobs.advance(job.id, { status: 'scoring', nextChunk: job.chunks }, { status: 'done', upload_id: record.id, duplicate: !created })) {
    await cleanUp(services, job, !created && job.source === 'api');
  }
}

async function layoutOf(services: Services, job: JobRecord, features: string[]): Promise<SourceLayout> {
  const { jobLimits, limits } = services;
  return readLayout(services.bucket, job, { maxBytes: jobLimits.maxBytes, maxRows: jobLimits.maxRows, maxCsvBytes: limits.maxBodyBytes }, features);
}

function featureNames(model: Model): string[] {
  return model.card.features.map((f) => f.name);
}

function checkFeatures(names: string[], actual: number): void {
  if (actual !== names.length) {
    throw new ApiError(
      422,
      'feature_count_mismatch',
      `the model takes ${names.length} features (${names.join(', ')}), the batch has ${actual}; select columns with "columns"`,
      { expected: names.length, actual },
    );
  }
}

/** Removes the job's scratch objects (and its source, when `source` is set). */
async function cleanUp(services: Services, job: JobRecord, source = false): Promise<void> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const listed = await services.bucket.list({ prefix: `jobs/${job.id}/work/`, cursor });
    keys.push(...listed.objects.map((o) => o.key));
    cursor = listed.truncated ? listed.cursor : undefined;
  } while (cursor);
  if (source) keys.push(job.r2_key);
  for (let i = 0; i < keys.length; i += 1000) await services.bucket.delete(keys.slice(i, i + 1000));
}

/** The error a failed job reports, for bad input; null for an unexpected error (the message is retried). */
export function jobError(err: unknown): JobError | null {
  if (err instanceof ApiError) return { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
  if (err instanceof FormatError) {
    return { code: err.code, message: err.message, ...(Object.keys(err.details).length > 0 ? { details: { ...err.details } } : {}) };
  }
  return null;
}

export function scoresKey(jobId: string, chunk: number): string {
  return `jobs/${jobId}/work/scores-${String(chunk).padStart(6, '0')}.f32`;
}

function sumsKey(jobId: string, chunksDone: number): string {
  return `jobs/${jobId}/work/sums-${String(chunksDone).padStart(6, '0')}.json`;
}

async function readJson<T>(bucket: R2Bucket, key: string): Promise<T> {
  const object = await bucket.get(key);
  if (!object) throw new Error(`missing ${key}`);
  return (await object.json()) as T;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
