/**
 * Files dropped into the watched R2 prefix are scored without an API call: R2 sends an event
 * notification to the `dreamwatch-r2-events` queue and this consumer turns it into a job.
 *
 * Layout: `<R2_INCOMING_PREFIX><monitor id>/<any name>.npy|.csv|.f32` (the prefix defaults to
 * `incoming/`). Raw float32 files (`.f32`, `.bin`, `.raw`) need their shape as custom metadata
 * `shape: "rows,cols"`; `columns` metadata selects columns as `?columns=` does for uploads.
 *
 * The job id derives from (key, ETag): a notification delivered twice, or one re-sent by the
 * scheduled reconciliation, makes one job; a file overwritten with new content makes a new job.
 *
 * @example
 *   await handleR2Notification(services, {
 *     account: '…', bucket: 'dreamwatch-samples', action: 'PutObject', eventTime: '2026-12-03T10:00:00Z',
 *     object: { key: 'incoming/lhco-dream/run-42.npy', size: 80128, eTag: '…' },
 *   });
 */
import type { R2EventNotification } from '../background/messages.js';
import type { Services } from '../services.js';
import { stableId } from '../storage/ids.js';
import type { JobFormat, JobRecord } from '../storage/jobs.js';
import { enqueueJob } from './process.js';

/** R2 notification actions that create or replace an object. */
const CREATE_ACTIONS = new Set(['PutObject', 'CopyObject', 'CompleteMultipartUpload']);

export type NotificationOutcome = 'job' | 'duplicate' | 'ignored';

export async function handleR2Notification(services: Services, note: R2EventNotification): Promise<NotificationOutcome> {
  const prefix = services.jobLimits.incomingPrefix;
  const key = note.object.key;
  if (!CREATE_ACTIONS.has(note.action) || !key.startsWith(prefix)) return 'ignored';
  const [monitorId, ...rest] = key.slice(prefix.length).split('/');
  const name = rest.join('/');
  if (!monitorId || !name) return 'ignored';
  const monitor = await services.monitors.get(monitorId);
  if (!monitor) {
    console.warn(`R2 object ${key}: no monitor "${monitorId}"; not scored`);
    return 'ignored';
  }
  const head = await services.bucket.head(key);
  if (!head) return 'ignored'; // deleted again before we got to it
  const dedupKey = incomingDedupKey(key, head.etag);
  const now = new Date().toISOString();
  const format = formatOf(name);
  const meta = head.customMetadata ?? {};
  const job: JobRecord = {
    id: await stableId('job', dedupKey),
    monitor_id: monitor.id,
    source: 'r2',
    r2_key: key,
    multipart_upload_id: null,
    part_size: null,
    format: format ?? 'npy',
    shape: meta.shape ?? null,
    columns: meta.columns ?? null,
    status: format ? 'queued' : 'failed',
    rows: null,
    cols: null,
    n_features: null,
    chunk_rows: null,
    chunks: null,
    next_chunk: 0,
    sha256: null,
    upload_id: null,
    duplicate: false,
    error: format ? null : { code: 'unsupported_media_type', message: `${name}: name the file .npy, .csv or .f32 (raw float32 with "shape" metadata)` },
    dedup_key: dedupKey,
    created_at: now,
    updated_at: now,
  };
  const { created } = await services.jobs.create(job);
  if (!created) return 'duplicate';
  if (format) await enqueueJob(services, { kind: 'job', job_id: job.id, step: 'prepare' });
  return 'job';
}

/**
 * The de-duplication key of a dropped object version.
 *
 * @example
 *   incomingDedupKey('incoming/lhco-dream/a.npy', '5d41402abc4b2a76b9719d911017c592');
 *   // 'r2:incoming/lhco-dream/a.npy@5d41402abc4b2a76b9719d911017c592'
 */
export function incomingDedupKey(key: string, etag: string): string {
  return `r2:${key}@${etag.replace(/"/g, '')}`;
}

function formatOf(name: string): JobFormat | null {
  const ext = name.toLowerCase().split('.').pop();
  if (ext === 'npy') return 'npy';
  if (ext === 'csv') return 'csv';
  if (ext === 'f32' || ext === 'bin' || ext === 'raw') return 'raw';
  return null;
}
