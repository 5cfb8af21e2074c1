/**
 * Monitor records in D1.
 *
 * @example
 *   const store = new D1MonitorStore(env.DB);
 *   await store.create({ id: 'calo-v2', name: 'Calo v2', model_id: 'lhco-dream', description: '', open_uploads: false });
 */
export interface MonitorRecord {
  id: string;
  name: string;
  model_id: string;
  description: string;
  /** Uploads need no token (the demo monitor); new monitors are closed unless created open. */
  open_uploads: boolean;
  created_at: string;
}

/** A monitor as D1 returns it: SQLite has no booleans. */
type MonitorRow = Omit<MonitorRecord, 'open_uploads'> & { open_uploads: number };

export interface MonitorStore {
  /** Inserts a monitor; returns false when the id is already taken. */
  create(monitor: Omit<MonitorRecord, 'created_at'>): Promise<MonitorRecord | null>;
  get(id: string): Promise<MonitorRecord | null>;
  list(): Promise<MonitorRecord[]>;
  /** Opens or closes a monitor for uploads without a token; false when there is no such monitor. */
  setOpenUploads(id: string, open: boolean): Promise<boolean>;
}

export class D1MonitorStore implements MonitorStore {
  constructor(private readonly db: D1Database) {}

  async create(monitor: Omit<MonitorRecord, 'created_at'>): Promise<MonitorRecord | null> {
    const record: MonitorRecord = { ...monitor, created_at: new Date().toISOString() };
    const result = await this.db
      .prepare(
        'INSERT INTO monitors (id, name, model_id, description, open_uploads, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO NOTHING',
      )
      .bind(record.id, record.name, record.model_id, record.description, record.open_uploads ? 1 : 0, record.created_at)
      .run();
    return result.meta.changes === 1 ? record : null;
  }

  async get(id: string): Promise<MonitorRecord | null> {
    const row = await this.db.prepare('SELECT * FROM monitors WHERE id = ?1').bind(id).first<MonitorRow>();
    return row ? fromRow(row) : null;
  }

  async list(): Promise<MonitorRecord[]> {
    const { results } = await this.db.prepare('SELECT * FROM monitors ORDER BY created_at, id').all<MonitorRow>();
    return results.map(fromRow);
  }

  async setOpenUploads(id: string, open: boolean): Promise<boolean> {
    const result = await this.db.prepare('UPDATE monitors SET open_uploads = ?2 WHERE id = ?1').bind(id, open ? 1 : 0).run();
    return result.meta.changes === 1;
  }
}

function fromRow(row: MonitorRow): MonitorRecord {
  return { ...row, open_uploads: row.open_uploads === 1 };
}
