/**
 * Monitor records in D1.
 *
 * @example
 *   const store = new D1MonitorStore(env.DB);
 *   await store.create({ id: 'calo-v2', name: 'Calo v2', model_id: 'lhco-dream', description: '' });
 */
export interface MonitorRecord {
  id: string;
  name: string;
  model_id: string;
  description: string;
  created_at: string;
}

export interface MonitorStore {
  /** Inserts a monitor; returns false when the id is already taken. */
  create(monitor: Omit<MonitorRecord, 'created_at'>): Promise<MonitorRecord | null>;
  get(id: string): Promise<MonitorRecord | null>;
  list(): Promise<MonitorRecord[]>;
}

export class D1MonitorStore implements MonitorStore {
  constructor(private readonly db: D1Database) {}

  async create(monitor: Omit<MonitorRecord, 'created_at'>): Promise<MonitorRecord | null> {
    const record: MonitorRecord = { ...monitor, created_at: new Date().toISOString() };
    const result = await this.db
      .prepare(
        'INSERT INTO monitors (id, name, model_id, description, created_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO NOTHING',
      )
      .bind(record.id, record.name, record.model_id, record.description, record.created_at)
      .run();
    return result.meta.changes === 1 ? record : null;
  }

  get(id: string): Promise<MonitorRecord | null> {
    return this.db.prepare('SELECT * FROM monitors WHERE id = ?1').bind(id).first<MonitorRecord>();
  }

  async list(): Promise<MonitorRecord[]> {
    const { results } = await this.db.prepare('SELECT * FROM monitors ORDER BY created_at, id').all<MonitorRecord>();
    return results;
  }
}
