/**
 * Upload history in D1: one row per scored batch, unique per (monitor, content hash), so a
 * repeated upload is recognised and the first result returned.
 *
 * @example
 *   const existing = await store.findByHash('lhco-dream', sha256);
 */
import type { BatchSummary } from '../monitor/summarise.js';

export interface UploadRecord {
  id: string;
  monitor_id: string;
  sha256: string;
  r2_key: string;
  format: string;
  n: number;
  n_features: number;
  result: BatchSummary;
  created_at: string;
}

interface UploadRow extends Omit<UploadRecord, 'result'> {
  result: string;
}

export interface UploadStore {
  /** Inserts the upload; when the same batch is already recorded for the monitor, returns that one. */
  insert(upload: UploadRecord): Promise<{ record: UploadRecord; created: boolean }>;
  findByHash(monitorId: string, sha256: string): Promise<UploadRecord | null>;
  get(monitorId: string, id: string): Promise<UploadRecord | null>;
  /** Newest first. */
  list(monitorId: string, opts: { limit: number; before?: string }): Promise<UploadRecord[]>;
  count(monitorId: string): Promise<number>;
}

export class D1UploadStore implements UploadStore {
  constructor(private readonly db: D1Database) {}

  async insert(upload: UploadRecord): Promise<{ record: UploadRecord; created: boolean }> {
    const result = await this.db
      .prepare(
        `INSERT INTO uploads (id, monitor_id, sha256, r2_key, format, n, n_features, auc, result, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (monitor_id, sha256) DO NOTHING`,
      )
      .bind(
        upload.id,
        upload.monitor_id,
        upload.sha256,
        upload.r2_key,
        upload.format,
        upload.n,
        upload.n_features,
        upload.result.auc,
        JSON.stringify(upload.result),
        upload.created_at,
      )
      .run();
    if (result.meta.changes === 1) return { record: upload, created: true };
    const existing = await this.findByHash(upload.monitor_id, upload.sha256);
    if (!existing) throw new Error('upload insert conflicted but no existing row was found');
    return { record: existing, created: false };
  }

  async findByHash(monitorId: string, sha256: string): Promise<UploadRecord | null> {
    const row = await this.db
      .prepare('SELECT * FROM uploads WHERE monitor_id = ?1 AND sha256 = ?2')
      .bind(monitorId, sha256)
      .first<UploadRow>();
    return row ? fromRow(row) : null;
  }

  async get(monitorId: string, id: string): Promise<UploadRecord | null> {
    const row = await this.db
      .prepare('SELECT * FROM uploads WHERE monitor_id = ?1 AND id = ?2')
      .bind(monitorId, id)
      .first<UploadRow>();
    return row ? fromRow(row) : null;
  }

  async list(monitorId: string, opts: { limit: number; before?: string }): Promise<UploadRecord[]> {
    const { results } = opts.before
      ? await this.db
          .prepare(
            `SELECT u.* FROM uploads u, uploads c WHERE c.id = ?2 AND u.monitor_id = ?1
             AND (u.created_at < c.created_at OR (u.created_at = c.created_at AND u.id < c.id))
             ORDER BY u.created_at DESC, u.id DESC LIMIT ?3`,
          )
          .bind(monitorId, opts.before, opts.limit)
          .all<UploadRow>()
      : await this.db
          .prepare('SELECT * FROM uploads WHERE monitor_id = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2')
          .bind(monitorId, opts.limit)
          .all<UploadRow>();
    return results.map(fromRow);
  }

  async count(monitorId: string): Promise<number> {
    const row = await this.db
      .prepare('SELECT COUNT(*) AS n FROM uploads WHERE monitor_id = ?1')
      .bind(monitorId)
      .first<{ n: number }>();
    return row?.n ?? 0;
  }
}

function fromRow(row: UploadRow): UploadRecord {
  return { ...row, result: JSON.parse(row.result) as BatchSummary };
}
