-- Degradation rules per monitor, the evaluation of each upload, and signed webhooks with their
-- delivery log (see src/monitor/rules.ts and src/alerts/).

-- One rule set per monitor (JSON), plus the alert state that cooldown and de-duplication read.
CREATE TABLE monitor_rules (
  monitor_id          TEXT PRIMARY KEY REFERENCES monitors(id),
  config              TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  last_alert_at       TEXT,
  last_alert_severity TEXT,
  last_alert_event    TEXT
);

-- Which rule fired for an upload, or why none did (JSON); NULL until evaluated.
ALTER TABLE uploads ADD COLUMN evaluation TEXT;

-- Webhook endpoints. `secrets` holds the signing secrets encrypted with the deployment key
-- (AES-GCM, see src/alerts/secrets.ts); the plain secret is shown once, at creation or rotation.
CREATE TABLE webhook_endpoints (
  id                 TEXT PRIMARY KEY,
  monitor_id         TEXT NOT NULL REFERENCES monitors(id),
  url                TEXT NOT NULL,
  description        TEXT NOT NULL DEFAULT '',
  event_types        TEXT,
  secrets            TEXT NOT NULL,
  status             TEXT NOT NULL,
  status_reason      TEXT,
  failing_since      TEXT,
  failing_alerted_at TEXT,
  last_success_at    TEXT,
  created_at         TEXT NOT NULL,
  deleted_at         TEXT
);
CREATE INDEX webhook_endpoints_by_monitor ON webhook_endpoints (monitor_id, created_at);
CREATE INDEX webhook_endpoints_by_status ON webhook_endpoints (status);

-- One row per event; `id` is the webhook-id header (the receiver's idempotency key) and
-- `payload` the exact body that is signed and sent. `dedup_key` makes each alert happen once.
CREATE TABLE webhook_events (
  id         TEXT PRIMARY KEY,
  monitor_id TEXT NOT NULL,
  type       TEXT NOT NULL,
  dedup_key  TEXT NOT NULL UNIQUE,
  payload    TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX webhook_events_by_monitor ON webhook_events (monitor_id, created_at DESC);

-- One delivery per (event, endpoint). D1 is the source of truth: a lost queue message is found
-- again by the scheduled sweep from `next_attempt_at`; `lease_until` keeps one attempt in flight.
CREATE TABLE webhook_deliveries (
  id              TEXT PRIMARY KEY,
  event_id        TEXT NOT NULL REFERENCES webhook_events(id),
  endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints(id),
  status          TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  max_attempts    INTEGER NOT NULL,
  next_attempt_at INTEGER,
  lease_until     INTEGER,
  enqueued_at     INTEGER,
  last_status     INTEGER,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_at DESC);

-- Every attempt: written when it starts (outcome 'in_flight'), completed when it ends.
CREATE TABLE webhook_attempts (
  delivery_id      TEXT NOT NULL REFERENCES webhook_deliveries(id),
  attempt          INTEGER NOT NULL,
  started_at       TEXT NOT NULL,
  status           INTEGER,
  latency_ms       INTEGER,
  outcome          TEXT NOT NULL,
  error            TEXT,
  retry_in_ms      INTEGER,
  response_excerpt TEXT,
  PRIMARY KEY (delivery_id, attempt)
);
