-- Access control and request hygiene (issue 7): per-monitor upload tokens, the explicit "open for
-- uploads" setting, Idempotency-Key records for uploads, and the public score rate limiter.

-- Open monitors take uploads without a token; new monitors are closed unless created open. The
-- demo monitor stays open so that the README's curl example works on a fresh database.
ALTER TABLE monitors ADD COLUMN open_uploads INTEGER NOT NULL DEFAULT 0;
UPDATE monitors SET open_uploads = 1 WHERE id = 'lhco-dream';

-- Upload tokens: only the SHA-256 of each token is kept (the token is shown once, at creation).
-- Revoked tokens keep their row, so the history of who could upload stays readable.
CREATE TABLE upload_tokens (
  id          TEXT PRIMARY KEY,
  monitor_id  TEXT NOT NULL REFERENCES monitors(id),
  sha256      TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL,
  revoked_at  TEXT
);
CREATE INDEX upload_tokens_by_monitor ON upload_tokens (monitor_id, revoked_at);

-- Idempotency-Key of an upload: bound to the content hash of the first batch sent with it, so a
-- retry returns the first result and the same key with other events is refused.
CREATE TABLE idempotency_keys (
  monitor_id  TEXT NOT NULL REFERENCES monitors(id),
  key         TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (monitor_id, key)
);

-- Fixed-window request counters of the public score endpoint, per client; old windows are pruned
-- by the limiter itself.
CREATE TABLE rate_limits (
  client        TEXT NOT NULL,
  window_start  INTEGER NOT NULL,
  count         INTEGER NOT NULL,
  PRIMARY KEY (client, window_start)
);
CREATE INDEX rate_limits_by_window ON rate_limits (window_start);
