/**
 * Degradation rule sets and the alert state (last alert time, severity and event) per monitor.
 * The alert state changes by compare-and-set, so two uploads evaluated at once cannot both page.
 *
 * @example
 *   await store.put('lhco-dream', normaliseRuleSet({ rules: [...] }));
 *   const { config, state } = (await store.get('lhco-dream'))!;
 */
import type { AlertState, RuleSet, Severity } from '../monitor/rules.js';

export interface StoredRules {
  monitor_id: string;
  config: RuleSet;
  state: AlertState;
  updated_at: string;
}

interface RulesRow {
  monitor_id: string;
  config: string;
  updated_at: string;
  last_alert_at: string | null;
  last_alert_severity: Severity | null;
  last_alert_event: string | null;
}

export interface RuleStore {
  get(monitorId: string): Promise<StoredRules | null>;
  /** Creates or replaces the rule set; the alert state is kept. */
  put(monitorId: string, config: RuleSet): Promise<StoredRules>;
  /** Sets the alert state if its last_alert_at is still `expected`; false when someone else moved it. */
  casAlertState(monitorId: string, expected: string | null, next: AlertState): Promise<boolean>;
  /** Every rule set with a staleness limit. */
  withStaleness(): Promise<StoredRules[]>;
}

export class D1RuleStore implements RuleStore {
  constructor(private readonly db: D1Database) {}

  async get(monitorId: string): Promise<StoredRules | null> {
    const row = await this.db.prepare('SELECT * FROM monitor_rules WHERE monitor_id = ?1').bind(monitorId).first<RulesRow>();
    return row ? fromRow(row) : null;
  }

  async put(monitorId: string, config: RuleSet): Promise<StoredRules> {
    const now = new Date().toISOString();
    const row = await this.db
      .prepare(
        `INSERT INTO monitor_rules (monitor_id, config, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (monitor_id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at
         RETURNING *`,
      )
      .bind(monitorId, JSON.stringify(config), now)
      .first<RulesRow>();
    return fromRow(row!);
  }

  async casAlertState(monitorId: string, expected: string | null, next: AlertState): Promise<boolean> {
    const result = await this.db
      .prepare(
        `UPDATE monitor_rules SET last_alert_at = ?2, last_alert_severity = ?3, last_alert_event = ?4
         WHERE monitor_id = ?1 AND last_alert_at IS ?5`,
      )
      .bind(monitorId, next.last_alert_at, next.last_alert_severity, next.last_alert_event, expected)
      .run();
    return result.meta.changes === 1;
  }

  async withStaleness(): Promise<StoredRules[]> {
    const { results } = await this.db
      .prepare(`SELECT * FROM monitor_rules WHERE json_extract(config, '$.stale_after_s') IS NOT NULL`)
      .all<RulesRow>();
    return results.map(fromRow);
  }
}

function fromRow(row: RulesRow): StoredRules {
  return {
    monitor_id: row.monitor_id,
    config: JSON.parse(row.config) as RuleSet,
    state: { last_alert_at: row.last_alert_at, last_alert_severity: row.last_alert_severity, last_alert_event: row.last_alert_event },
    updated_at: row.updated_at,
  };
}
