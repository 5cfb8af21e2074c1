/**
 * Upload history in D1: one row per scored batch, unique per (monitor, content hash), so a
 * repeated upload is recognised and the first result returned.
 *
 * @example
 *   const existing = await store.findByHash('lhco-dream', sha256);
 */
import type { Evaluation } from '../monitor/rules.js';
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
  /** Which degradation rule fired, or why none did (monitor/rules.ts); null until evaluated. */
  evaluation?: Evaluation | null;
}

interface UploadRow extends Omit<UploadRecord, 'result' | 'evaluation'> {
  result: string;
  evaluation?: string | null;
}

export interface UploadStore {
  /** Inserts the upload; when the same batch is already recorded for the monitor, returns that one. */
  insert(upload: UploadRecord): Promise<{ record: UploadRecord; created: boolean }>;
  /**
   * `insert` under an Idempotency-Key, in one transaction: the key is bound to the upload's content
   * hash unless already bound, and the upload is inserted only if the key is bound to its hash.
   * Returns null (and inserts nothing) when the key belongs to another batch.
   */
  insertWithKey(upload: UploadRecord, key: string): Promise<{ record: UploadRecord; created: boolean } | null>;
  /** The content hash an Idempotency-Key of the monitor is bound to, or null when unused. */
  keyHash(monitorId: string, key: string): Promise<string | null>;
  /** Binds an unused key to a content hash (for a retry that found its batch already stored); returns the bound hash. */
  claimKey(monitorId: string, key: string, sha256: string): Promise<string>;
  findByHash(monitorId: string, sha256: string): Promise<UploadRecord | null>;
  get(monitorId: string, id: string): Promise<UploadRecord | null>;
  /** Newest first. */
  list(monitorId: string, opts: { limit: number; before?: string }): Promise<UploadRecord[]>;
  count(monitorId: string): Promise<number>;
  /** Records the upload's rule evaluation unless one is recorded; returns the one that is kept. */
  setEvaluation(monitorId: string, id: string, evaluation: Evaluation): Promise<Evaluation>;
  /** The newest upload's time, or null when the monitor has none (staleness checks). */
  latestAt(monitorId: string): Promise<{ id: string; created_at: string } | null>;
}

export class D1UploadStore implements UploadStore {
  constructor(private readonly db: D1Database) {}

  async insert(upload: UploadRecord): Promise<{ record: UploadRecord; created: boolean }> {
    const result = await this.db
      .prepare(`INSERT INTO uploads (${INSERT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (monitor_id, sha256) DO NOTHING`)
      .bind(...insertValues(upload))
      .run();
    if (result.meta.changes === 1) return { record: upload, created: true };
    return { record: await this.existing(upload), created: false };
  }

  async insertWithKey(upload: UploadRecord, key: string): Promise<{ record: UploadRecord; created: boolean } | null> {
    const [, inserted] = await this.db.batch([
      this.db
        .prepare(
          'INSERT INTO idempotency_keys (monitor_id, key, sha256, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (monitor_id, key) DO NOTHING',
        )
        .bind(upload.monitor_id, key, upload.sha256, upload.created_at),
      // INSERT … SELECT needs its WHERE for SQLite to parse the ON CONFLICT clause after it.
      this.db
        .prepare(
          `INSERT INTO uploads (${INSERT_COLUMNS})
           SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10
           WHERE EXISTS (SELECT 1 FROM idempotency_keys WHERE monitor_id = ?2 AND key = ?11 AND sha256 = ?3)
           ON CONFLICT (monitor_id, sha256) DO NOTHING`,
        )
        .bind(...insertValues(upload), key),
    ]);
    if (inserted.meta.changes === 1) return { record: upload, created: true };
    if ((await this.keyHash(upload.monitor_id, key)) !== upload.sha256) return null;
    return { record: await this.existing(upload), created: false };
  }

  /** The stored upload an insert conflicted with (same monitor, same content). */
  private async existing(upload: UploadRecord): Promise<UploadRecord> {
    const existing = await this.findByHash(upload.monitor_id, upload.sha256);
    if (!existing) throw new Error('upload insert conflicted but no existing row was found');
    return existing;
  }

  async keyHash(monitorId: string, key: string): Promise<string | null> {
    const row = await this.db
      .prepare('SELECT sha256 FROM idempotency_keys WHERE monitor_id = ?1 AND key = ?2')
      .bind(monitorId, key)
      .first<{ sha256: string }>();
    return row?.sha256 ?? null;
  }

  async claimKey(monitorId: string, key: string, sha256: string): Promise<string> {
    await this.db
      .prepare('INSERT INTO idempotency_keys (monitor_id, key, sha256, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (monitor_id, key) DO NOTHING')
      .bind(monitorId, key, sha256, new Date().toISOString())
      .run();
    return (await this.keyHash(monitorId, key)) ?? sha256;
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
    // A row-value comparison, so that paging stays a range scan of uploads_by_monitor_time.
    const older = opts.before === undefined ? '' : 'AND (created_at, id) < (SELECT created_at, id FROM uploads WHERE monitor_id = ?1 AND id = ?3)';
    const { results } = await this.db
      .prepare(`SELECT * FROM uploads WHERE monitor_id = ?1 ${older} ORDER BY created_at DESC, id DESC LIMIT ?2`)
      .bind(monitorId, opts.limit, ...(opts.before === undefined ? [] : [opts.before]))
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

  async setEvaluation(monitorId: string, id: string, evaluation: Evaluation): Promise<Evaluation> {
    const row = await this.db
      .prepare(
        `UPDATE uploads SET evaluation = COALESCE(evaluation, ?3) WHERE monitor_id = ?1 AND id = ?2 RETURNING evaluation`,
      )
      .bind(monitorId, id, JSON.stringify(evaluation))
      .first<{ evaluation: string }>();
    return row ? (JSON.parse(row.evaluation) as Evaluation) : evaluation;
  }

  latestAt(monitorId: string): Promise<{ id: string; created_at: string } | null> {
    return this.db
      .prepare('SELECT id, created_at FROM uploads WHERE monitor_id = ?1 ORDER BY created_at DESC, id DESC LIMIT 1')
      .bind(monitorId)
      .first<{ id: string; created_at: string }>();
  }
}

/**
 * The columns an insert writes and their values (?1–?10) for one upload. `auc` is a copy of
 * `result.auc` for queries; it is not part of the record.
 */
const INSERT_COLUMNS = 'id, monitor_id, sha256, r2_key, format, n, n_features, auc, result, created_at';

function insertValues(u: UploadRecord): unknown[] {
  return [u.id, u.monitor_id, u.sha256, u.r2_key, u.format, u.n, u.n_features, u.result.auc, JSON.stringify(u.result), u.created_at];
}

/** The record of a row, field by field: query-only columns (`auc`) never reach an answer. */
function fromRow(row: UploadRow): UploadRecord {
  return {
    id: row.id,
    monitor_id: row.monitor_id,
    sha256: row.sha256,
    r2_key: row.r2_key,
    format: row.format,
    n: row.n,
    n_features: row.n_features,
    result: JSON.parse(row.result) as BatchSummary,
    created_at: row.created_at,
    evaluation: row.evaluation ? (JSON.parse(row.evaluation) as Evaluation) : null,
  };
}
