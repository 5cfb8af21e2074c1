/**
 * Webhook endpoints, events, deliveries and the attempt log in D1.
 *
 * D1 is the source of truth for delivery: a delivery row says whether it is pending, when its next
 * attempt is due and whether an attempt is in flight (`lease_until`). Queue messages only say
 * "look at delivery X now"; `claim` is the one place that starts an attempt, atomically, so a
 * message delivered twice, or re-sent by the scheduled sweep, never sends twice.
 *
 * @example
 *   const store = new D1WebhookStore(env.DB);
 *   const endpoints = await store.listEndpoints('lhco-dream');
 */
import type { SealedSecret } from '../alerts/secrets.js';

export type EndpointStatus = 'active' | 'failing' | 'disabled' | 'deleted';
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';
export type AttemptOutcome = 'in_flight' | 'success' | 'retry' | 'failed' | 'disabled' | 'interrupted';

export interface EndpointRecord {
  id: string;
  monitor_id: string;
  url: string;
  description: string;
  /** Event types this endpoint receives; null = all. */
  event_types: string[] | null;
  secrets: SealedSecret[];
  status: EndpointStatus;
  status_reason: string | null;
  failing_since: string | null;
  failing_alerted_at: string | null;
  last_success_at: string | null;
  created_at: string;
  deleted_at: string | null;
}

export interface EventRecord {
  id: string;
  monitor_id: string;
  type: string;
  dedup_key: string;
  /** The exact JSON body that is signed and sent. */
  payload: string;
  created_at: string;
}

export interface DeliveryRecord {
  id: string;
  event_id: string;
  endpoint_id: string;
  status: DeliveryStatus;
  attempts: number;
  max_attempts: number;
  next_attempt_at: number | null;
  lease_until: number | null;
  enqueued_at: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface AttemptRecord {
  delivery_id: string;
  attempt: number;
  started_at: string;
  status: number | null;
  latency_ms: number | null;
  outcome: AttemptOutcome;
  error: string | null;
  retry_in_ms: number | null;
  response_excerpt: string | null;
}

type EndpointRow = Omit<EndpointRecord, 'event_types' | 'secrets'> & { event_types: string | null; secrets: string };

/** How an attempt ended, as the delivery loop decided it. */
export type AttemptResult =
  | { outcome: 'success'; status: number; latencyMs: number; excerpt: string | null }
  | { outcome: 'retry'; status: number | null; latencyMs: number; error: string | null; excerpt: string | null; nextAttemptAt: number }
  | { outcome: 'failed' | 'disabled'; status: number | null; latencyMs: number; error: string | null; excerpt: string | null };

export interface WebhookStore {
  createEndpoint(endpoint: EndpointRecord): Promise<void>;
  /** A live (not deleted) endpoint of the monitor. */
  getEndpoint(monitorId: string, id: string): Promise<EndpointRecord | null>;
  /** Any endpoint by id, deleted ones included (deliveries in flight need it). */
  getEndpointById(id: string): Promise<EndpointRecord | null>;
  listEndpoints(monitorId: string): Promise<EndpointRecord[]>;
  /** Soft-deletes the endpoint and cancels its pending deliveries. */
  deleteEndpoint(id: string): Promise<void>;
  setSecrets(id: string, secrets: SealedSecret[]): Promise<void>;
  /**
   * Enabling makes a live endpoint active and forgets its failures (reason, failing since, the
   * failing alert), so deliveries start again; disabling stops it as a 410 Gone does, cancelling
   * its pending deliveries. Returns the endpoint afterwards, or null when it is deleted.
   */
  setEnabled(id: string, enabled: boolean, now: number): Promise<EndpointRecord | null>;
  /** Endpoints failing since before `before` that have not yet been alerted about. */
  failingSince(before: string): Promise<EndpointRecord[]>;
  markFailingAlerted(id: string, at: string): Promise<void>;

  /** Inserts the event unless its dedup_key exists; returns the stored one either way. */
  insertEvent(event: EventRecord): Promise<{ event: EventRecord; created: boolean }>;
  getEvent(id: string): Promise<EventRecord | null>;
  listEvents(monitorId: string, limit: number): Promise<EventRecord[]>;

  /** Inserts deliveries (one per event and endpoint; existing pairs are kept); returns those created. */
  insertDeliveries(deliveries: DeliveryRecord[]): Promise<DeliveryRecord[]>;
  getDelivery(id: string): Promise<DeliveryRecord | null>;
  listDeliveries(endpointId: string, limit: number): Promise<DeliveryRecord[]>;
  deliveriesOfEvents(eventIds: string[]): Promise<DeliveryRecord[]>;
  /**
   * Starts an attempt: atomically takes the lease of a pending delivery whose next attempt is `due`
   * and has come, counts the attempt and logs it as in flight. Null when the delivery is finished,
   * rescheduled, or another attempt holds the lease.
   */
  claim(id: string, due: number, now: number, leaseMs: number): Promise<DeliveryRecord | null>;
  /** Records how the attempt ended and moves the delivery and its endpoint on. */
  finishAttempt(delivery: DeliveryRecord, result: AttemptResult, now: number): Promise<void>;
  /** Pending deliveries due before `dueBefore` and not enqueued since `enqueuedBefore`, not leased at `now`. */
  overdue(dueBefore: number, enqueuedBefore: number, now: number, limit: number): Promise<DeliveryRecord[]>;
  markEnqueued(ids: string[], at: number): Promise<void>;
  /** Makes a delivery pending again with a fresh attempt budget; false if an attempt is in flight. */
  replay(id: string, now: number, extraAttempts: number): Promise<boolean>;
  attemptsOf(deliveryIds: string[]): Promise<AttemptRecord[]>;
}

export class D1WebhookStore implements WebhookStore {
  constructor(private readonly db: D1Database) {}

  async createEndpoint(e: EndpointRecord): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO webhook_endpoints (id, monitor_id, url, description, event_types, secrets, status, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
      )
      .bind(e.id, e.monitor_id, e.url, e.description, e.event_types ? JSON.stringify(e.event_types) : null, JSON.stringify(e.secrets), e.status, e.created_at)
      .run();
  }

  async getEndpoint(monitorId: string, id: string): Promise<EndpointRecord | null> {
    const row = await this.db
      .prepare(`SELECT * FROM webhook_endpoints WHERE monitor_id = ?1 AND id = ?2 AND status != 'deleted'`)
      .bind(monitorId, id)
      .first<EndpointRow>();
    return row ? endpointFromRow(row) : null;
  }

  async getEndpointById(id: string): Promise<EndpointRecord | null> {
    const row = await this.db.prepare('SELECT * FROM webhook_endpoints WHERE id = ?1').bind(id).first<EndpointRow>();
    return row ? endpointFromRow(row) : null;
  }

  async listEndpoints(monitorId: string): Promise<EndpointRecord[]> {
    const { results } = await this.db
      .prepare(`SELECT * FROM webhook_endpoints WHERE monitor_id = ?1 AND status != 'deleted' ORDER BY created_at, id`)
      .bind(monitorId)
      .all<EndpointRow>();
    return results.map(endpointFromRow);
  }

  async deleteEndpoint(id: string): Promise<void> {
    const now = new Date().toISOString();
    await this.db.batch([
      this.db.prepare(`UPDATE webhook_endpoints SET status = 'deleted', deleted_at = ?2, status_reason = 'deleted through the API' WHERE id = ?1`).bind(id, now),
      this.db
        .prepare(
          `UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL, last_error = 'endpoint deleted', updated_at = ?2
           WHERE endpoint_id = ?1 AND status = 'pending'`,
        )
        .bind(id, now),
    ]);
  }

  async setSecrets(id: string, secrets: SealedSecret[]): Promise<void> {
    await this.db.prepare('UPDATE webhook_endpoints SET secrets = ?2 WHERE id = ?1').bind(id, JSON.stringify(secrets)).run();
  }

  async setEnabled(id: string, enabled: boolean, now: number): Promise<EndpointRecord | null> {
    if (enabled) {
      await this.db
        .prepare(
          `UPDATE webhook_endpoints SET status = 'active', status_reason = NULL, failing_since = NULL, failing_alerted_at = NULL
           WHERE id = ?1 AND status != 'deleted'`,
        )
        .bind(id)
        .run();
    } else {
      await this.db.batch(this.disable(id, 'disabled through the API', new Date(now).toISOString(), null));
    }
    const endpoint = await this.getEndpointById(id);
    return endpoint && endpoint.status !== 'deleted' ? endpoint : null;
  }

  async failingSince(before: string): Promise<EndpointRecord[]> {
    const { results } = await this.db
      .prepare(
        `SELECT * FROM webhook_endpoints WHERE status = 'failing' AND failing_since <= ?1 AND failing_alerted_at IS NULL ORDER BY failing_since LIMIT 100`,
      )
      .bind(before)
      .all<EndpointRow>();
    return results.map(endpointFromRow);
  }

  async markFailingAlerted(id: string, at: string): Promise<void> {
    await this.db.prepare('UPDATE webhook_endpoints SET failing_alerted_at = ?2 WHERE id = ?1').bind(id, at).run();
  }

  async insertEvent(event: EventRecord): Promise<{ event: EventRecord; created: boolean }> {
    const result = await this.db
      .prepare(
        `INSERT INTO webhook_events (id, monitor_id, type, dedup_key, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT DO NOTHING`,
      )
      .bind(event.id, event.monitor_id, event.type, event.dedup_key, event.payload, event.created_at)
      .run();
    if (result.meta.changes === 1) return { event, created: true };
    const existing = await this.db.prepare('SELECT * FROM webhook_events WHERE dedup_key = ?1').bind(event.dedup_key).first<EventRecord>();
    if (!existing) throw new Error(`event ${event.id} conflicted but no event has its dedup key`);
    return { event: existing, created: false };
  }

  getEvent(id: string): Promise<EventRecord | null> {
    return this.byId<EventRecord>('webhook_events', id);
  }

  listEvents(monitorId: string, limit: number): Promise<EventRecord[]> {
    return this.newestFirst<EventRecord>('webhook_events', 'monitor_id', monitorId, limit);
  }

  async insertDeliveries(deliveries: DeliveryRecord[]): Promise<DeliveryRecord[]> {
    if (deliveries.length === 0) return [];
    const results = await this.db.batch(
      deliveries.map((d) =>
        this.db
          .prepare(
            `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, status, attempts, max_attempts, next_attempt_at, enqueued_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8, ?8) ON CONFLICT (event_id, endpoint_id) DO NOTHING`,
          )
          .bind(d.id, d.event_id, d.endpoint_id, d.status, d.max_attempts, d.next_attempt_at, d.enqueued_at, d.created_at),
      ),
    );
    return deliveries.filter((_, i) => results[i].meta.changes === 1);
  }

  getDelivery(id: string): Promise<DeliveryRecord | null> {
    return this.byId<DeliveryRecord>('webhook_deliveries', id);
  }

  listDeliveries(endpointId: string, limit: number): Promise<DeliveryRecord[]> {
    return this.newestFirst<DeliveryRecord>('webhook_deliveries', 'endpoint_id', endpointId, limit);
  }

  deliveriesOfEvents(eventIds: string[]): Promise<DeliveryRecord[]> {
    return this.whereIn<DeliveryRecord>('webhook_deliveries', 'event_id', eventIds, 'created_at, id');
  }

  async claim(id: string, due: number, now: number, leaseMs: number): Promise<DeliveryRecord | null> {
    const claimed = await this.db
      .prepare(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, lease_until = ?3 + ?4, updated_at = ?5
         WHERE id = ?1 AND status = 'pending' AND next_attempt_at = ?2 AND next_attempt_at <= ?3
           AND (lease_until IS NULL OR lease_until < ?3)
         RETURNING *`,
      )
      .bind(id, due, now, leaseMs, new Date(now).toISOString())
      .first<DeliveryRecord>();
    if (!claimed) return null;
    // An earlier attempt still marked in flight was cut off (the Worker stopped mid-request).
    await this.db.batch([
      this.db
        .prepare(
          `UPDATE webhook_attempts SET outcome = 'interrupted', error = 'the attempt was cut off before it finished (the Worker stopped)'
           WHERE delivery_id = ?1 AND outcome = 'in_flight' AND attempt < ?2`,
        )
        .bind(id, claimed.attempts),
      this.db
        .prepare(`INSERT OR REPLACE INTO webhook_attempts (delivery_id, attempt, started_at, outcome) VALUES (?1, ?2, ?3, 'in_flight')`)
        .bind(id, claimed.attempts, new Date(now).toISOString()),
    ]);
    return claimed;
  }

  async finishAttempt(delivery: DeliveryRecord, result: AttemptResult, now: number): Promise<void> {
    const iso = new Date(now).toISOString();
    const error = 'error' in result ? result.error : null;
    const retryIn = result.outcome === 'retry' ? result.nextAttemptAt - now : null;
    const statements = [
      this.db
        .prepare(
          `UPDATE webhook_attempts SET status = ?3, latency_ms = ?4, outcome = ?5, error = ?6, retry_in_ms = ?7, response_excerpt = ?8
           WHERE delivery_id = ?1 AND attempt = ?2`,
        )
        .bind(delivery.id, delivery.attempts, result.status, result.latencyMs, result.outcome, error, retryIn, result.excerpt),
    ];
    const failDelivery = () =>
      this.db
        .prepare(
          `UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, lease_until = NULL, last_status = ?2, last_error = ?3, updated_at = ?4 WHERE id = ?1`,
        )
        .bind(delivery.id, result.status, error, iso);
    switch (result.outcome) {
      case 'success':
        statements.push(
          this.db
            .prepare(
              `UPDATE webhook_deliveries SET status = 'succeeded', next_attempt_at = NULL, lease_until = NULL, last_status = ?2, last_error = NULL, updated_at = ?3 WHERE id = ?1`,
            )
            .bind(delivery.id, result.status, iso),
          this.db
            .prepare(
              `UPDATE webhook_endpoints SET status = CASE WHEN status = 'failing' THEN 'active' ELSE status END,
                 status_reason = CASE WHEN status = 'failing' THEN NULL ELSE status_reason END,
                 failing_since = NULL, failing_alerted_at = NULL, last_success_at = ?2 WHERE id = ?1`,
            )
            .bind(delivery.endpoint_id, iso),
        );
        break;
      case 'retry':
        statements.push(
          this.db
            .prepare(
              `UPDATE webhook_deliveries SET next_attempt_at = ?2, lease_until = NULL, enqueued_at = ?3, last_status = ?4, last_error = ?5, updated_at = ?6 WHERE id = ?1`,
            )
            .bind(delivery.id, result.nextAttemptAt, now, result.status, error, iso),
        );
        break;
      case 'failed':
        statements.push(
          failDelivery(),
          this.db
            .prepare(
              `UPDATE webhook_endpoints SET status = 'failing', status_reason = ?2, failing_since = COALESCE(failing_since, ?3)
               WHERE id = ?1 AND status IN ('active', 'failing')`,
            )
            .bind(delivery.endpoint_id, `delivery ${delivery.id} failed after ${delivery.attempts} attempts: ${error ?? `HTTP ${result.status}`}`, iso),
        );
        break;
      case 'disabled':
        statements.push(failDelivery(), ...this.disable(delivery.endpoint_id, error ?? 'disabled', iso, delivery.id));
        break;
    }
    await this.db.batch(statements);
  }

  async overdue(dueBefore: number, enqueuedBefore: number, now: number, limit: number): Promise<DeliveryRecord[]> {
    const { results } = await this.db
      .prepare(
        `SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?1
           AND (enqueued_at IS NULL OR enqueued_at <= ?2) AND (lease_until IS NULL OR lease_until < ?3)
         ORDER BY next_attempt_at LIMIT ?4`,
      )
      .bind(dueBefore, enqueuedBefore, now, limit)
      .all<DeliveryRecord>();
    return results;
  }

  async markEnqueued(ids: string[], at: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db.batch(ids.map((id) => this.db.prepare('UPDATE webhook_deliveries SET enqueued_at = ?2 WHERE id = ?1').bind(id, at)));
  }

  async replay(id: string, now: number, extraAttempts: number): Promise<boolean> {
    const result = await this.db
      .prepare(
        `UPDATE webhook_deliveries SET status = 'pending', max_attempts = attempts + ?3, next_attempt_at = ?2, enqueued_at = ?2,
           lease_until = NULL, updated_at = ?4
         WHERE id = ?1 AND (lease_until IS NULL OR lease_until < ?2)`,
      )
      .bind(id, now, extraAttempts, new Date(now).toISOString())
      .run();
    return result.meta.changes === 1;
  }

  attemptsOf(deliveryIds: string[]): Promise<AttemptRecord[]> {
    return this.whereIn<AttemptRecord>('webhook_attempts', 'delivery_id', deliveryIds, 'delivery_id, attempt');
  }

  // Table and column names below are constants of this class, never request input.

  private byId<T>(table: 'webhook_events' | 'webhook_deliveries', id: string): Promise<T | null> {
    return this.db.prepare(`SELECT * FROM ${table} WHERE id = ?1`).bind(id).first<T>();
  }

  private async newestFirst<T>(table: 'webhook_events' | 'webhook_deliveries', column: 'monitor_id' | 'endpoint_id', value: string, limit: number): Promise<T[]> {
    const { results } = await this.db
      .prepare(`SELECT * FROM ${table} WHERE ${column} = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2`)
      .bind(value, limit)
      .all<T>();
    return results;
  }

  private async whereIn<T>(table: 'webhook_deliveries' | 'webhook_attempts', column: 'event_id' | 'delivery_id', values: string[], orderBy: 'created_at, id' | 'delivery_id, attempt'): Promise<T[]> {
    const out: T[] = [];
    // D1 binds at most 100 parameters per statement.
    for (let i = 0; i < values.length; i += 90) {
      const chunk = values.slice(i, i + 90);
      const { results } = await this.db
        .prepare(`SELECT * FROM ${table} WHERE ${column} IN (${chunk.map((_, j) => `?${j + 1}`).join(',')}) ORDER BY ${orderBy}`)
        .bind(...chunk)
        .all<T>();
      out.push(...results);
    }
    return out;
  }

  /**
   * Disables an endpoint and cancels its pending deliveries but `keep` (the one whose attempt is
   * finishing): nothing more goes out until it is enabled again. One already disabled keeps the
   * reason it was first disabled for.
   */
  private disable(endpointId: string, reason: string, iso: string, keep: string | null): D1PreparedStatement[] {
    return [
      this.db
        .prepare(`UPDATE webhook_endpoints SET status = 'disabled', status_reason = ?2 WHERE id = ?1 AND status IN ('active', 'failing')`)
        .bind(endpointId, reason),
      this.db
        .prepare(
          `UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL, last_error = 'endpoint disabled', updated_at = ?2
           WHERE endpoint_id = ?1 AND status = 'pending' AND id IS NOT ?3`,
        )
        .bind(endpointId, iso, keep),
    ];
  }
}

function endpointFromRow(row: EndpointRow): EndpointRecord {
  return {
    ...row,
    event_types: row.event_types ? (JSON.parse(row.event_types) as string[]) : null,
    secrets: JSON.parse(row.secrets) as SealedSecret[],
  };
}
