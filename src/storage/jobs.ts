/**
 * Scoring jobs in D1: a batch too large for one request, uploaded to R2 (in parts through the API,
 * or dropped into the watched prefix) and scored by the jobs queue consumer one chunk at a time.
 *
 * Status: `uploading` (API parts arriving) → `queued` → `scoring` (chunk `next_chunk` of `chunks`)
 * → `done` (with `upload_id`) or `failed` (with `error`). Every step moves on by compare-and-set
 * on (status, next_chunk), so a queue message delivered twice does its work once.
 *
 * @example
 *   const job = await store.get('job_…');
 *   job?.status; // 'scoring'
 */

export type JobStatus = 'uploading' | 'queued' | 'scoring' | 'done' | 'failed';
export type JobFormat = 'npy' | 'raw' | 'csv';

export interface JobError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface JobRecord {
  id: string;
  monitor_id: string;
  /** 'api' (multipart upload through the API) or 'r2' (a file dropped into the watched prefix). */
  source: 'api' | 'r2';
  r2_key: string;
  multipart_upload_id: string | null;
  part_size: number | null;
  format: JobFormat;
  /** "rows,cols" of a raw float32 source. */
  shape: string | null;
  /** Column selection applied to every row, as for uploads (?columns=). */
  columns: string | null;
  status: JobStatus;
  rows: number | null;
  cols: number | null;
  n_features: number | null;
  chunk_rows: number | null;
  chunks: number | null;
  next_chunk: number;
  sha256: string | null;
  upload_id: string | null;
  duplicate: boolean;
  error: JobError | null;
  dedup_key: string | null;
  created_at: string;
  updated_at: string;
}

type JobRow = Omit<JobRecord, 'duplicate' | 'error'> & { duplicate: number; error: string | null };

export interface PartRecord {
  part_number: number;
  etag: string;
  size: number;
}

export interface JobStore {
  /** Inserts the job unless one with its dedup key exists; returns the stored one either way. */
  create(job: JobRecord): Promise<{ job: JobRecord; created: boolean }>;
  get(id: string): Promise<JobRecord | null>;
  list(monitorId: string, limit: number): Promise<JobRecord[]>;
  /** Applies `changes` if the job is still in `status` (and at `nextChunk`, when given). */
  advance(id: string, expect: { status: JobStatus; nextChunk?: number }, changes: Partial<JobRecord>): Promise<boolean>;
  /** Marks a job failed unless it is already finished. */
  fail(id: string, error: JobError): Promise<void>;
  putPart(jobId: string, part: PartRecord): Promise<void>;
  parts(jobId: string): Promise<PartRecord[]>;
  /** Jobs queued or scoring with no progress since `before` (the scheduled sweep re-queues them). */
  stalled(before: string, limit: number): Promise<JobRecord[]>;
  /** Which of these dedup keys already have a job. */
  existingDedupKeys(keys: string[]): Promise<Set<string>>;
}

export class D1JobStore implements JobStore {
  constructor(private readonly db: D1Database) {}

  async create(job: JobRecord): Promise<{ job: JobRecord; created: boolean }> {
    const row = toRow(job);
    const keys = Object.keys(row) as (keyof JobRow)[];
    const result = await this.db
      .prepare(`INSERT INTO jobs (${keys.join(', ')}) VALUES (${keys.map((_, i) => `?${i + 1}`).join(', ')}) ON CONFLICT DO NOTHING`)
      .bind(...keys.map((k) => row[k]))
      .run();
    if (result.meta.changes === 1) return { job, created: true };
    const existing = job.dedup_key
      ? await this.db.prepare('SELECT * FROM jobs WHERE dedup_key = ?1').bind(job.dedup_key).first<JobRow>()
      : await this.db.prepare('SELECT * FROM jobs WHERE id = ?1').bind(job.id).first<JobRow>();
    if (!existing) throw new Error(`job ${job.id} conflicted but no existing job was found`);
    return { job: fromRow(existing), created: false };
  }

  async get(id: string): Promise<JobRecord | null> {
    const row = await this.db.prepare('SELECT * FROM jobs WHERE id = ?1').bind(id).first<JobRow>();
    return row ? fromRow(row) : null;
  }

  async list(monitorId: string, limit: number): Promise<JobRecord[]> {
    const { results } = await this.db
      .prepare('SELECT * FROM jobs WHERE monitor_id = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2')
      .bind(monitorId, limit)
      .all<JobRow>();
    return results.map(fromRow);
  }

  async advance(id: string, expect: { status: JobStatus; nextChunk?: number }, changes: Partial<JobRecord>): Promise<boolean> {
    const row = toRow({ ...changes, updated_at: new Date().toISOString() } as JobRecord);
    const keys = (Object.keys(row) as (keyof JobRow)[]).filter((k) => row[k] !== undefined);
    const sets = keys.map((k, i) => `${k} = ?${i + 1}`).join(', ');
    const values: unknown[] = keys.map((k) => row[k]);
    let where = `id = ?${values.length + 1} AND status = ?${values.length + 2}`;
    values.push(id, expect.status);
    if (expect.nextChunk !== undefined) {
      where += ` AND next_chunk = ?${values.length + 1}`;
      values.push(expect.nextChunk);
    }
    const result = await this.db.prepare(`UPDATE jobs SET ${sets} WHERE ${where}`).bind(...values).run();
    return result.meta.changes === 1;
  }

  async fail(id: string, error: JobError): Promise<void> {
    await this.db
      .prepare(`UPDATE jobs SET status = 'failed', error = ?2, updated_at = ?3 WHERE id = ?1 AND status NOT IN ('done', 'failed')`)
      .bind(id, JSON.stringify(error), new Date().toISOString())
      .run();
  }

  async putPart(jobId: string, part: PartRecord): Promise<void> {
    await this.db
      .prepare('INSERT OR REPLACE INTO job_parts (job_id, part_number, etag, size) VALUES (?1, ?2, ?3, ?4)')
      .bind(jobId, part.part_number, part.etag, part.size)
      .run();
  }

  async parts(jobId: string): Promise<PartRecord[]> {
    const { results } = await this.db
      .prepare('SELECT part_number, etag, size FROM job_parts WHERE job_id = ?1 ORDER BY part_number')
      .bind(jobId)
      .all<PartRecord>();
    return results;
  }

  async stalled(before: string, limit: number): Promise<JobRecord[]> {
    const { results } = await this.db
      .prepare(`SELECT * FROM jobs WHERE status IN ('queued', 'scoring') AND updated_at <= ?1 ORDER BY updated_at LIMIT ?2`)
      .bind(before, limit)
      .all<JobRow>();
    return results.map(fromRow);
  }

  async existingDedupKeys(keys: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += 90) {
      const batch = keys.slice(i, i + 90);
      const { results } = await this.db
        .prepare(`SELECT dedup_key FROM jobs WHERE dedup_key IN (${batch.map((_, j) => `?${j + 1}`).join(',')})`)
        .bind(...batch)
        .all<{ dedup_key: string }>();
      for (const r of results) found.add(r.dedup_key);
    }
    return found;
  }
}

function toRow(job: Partial<JobRecord>): Partial<JobRow> {
  const { duplicate, error, ...rest } = job;
  const row: Partial<JobRow> = { ...rest };
  if (duplicate !== undefined) row.duplicate = duplicate ? 1 : 0;
  if (error !== undefined) row.error = error === null ? null : JSON.stringify(error);
  return row;
}

function fromRow(row: JobRow): JobRecord {
  return { ...row, duplicate: row.duplicate === 1, error: row.error ? (JSON.parse(row.error) as JobError) : null };
}
