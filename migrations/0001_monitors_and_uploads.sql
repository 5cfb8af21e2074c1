-- Monitors: a model (with its reference scores) watched for degradation.
CREATE TABLE monitors (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  model_id    TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL
);

-- Uploads: one scored batch each. The batch itself is in R2 under its content hash.
CREATE TABLE uploads (
  id          TEXT PRIMARY KEY,
  monitor_id  TEXT NOT NULL REFERENCES monitors(id),
  sha256      TEXT NOT NULL,
  r2_key      TEXT NOT NULL,
  format      TEXT NOT NULL,
  n           INTEGER NOT NULL,
  n_features  INTEGER NOT NULL,
  auc         REAL,
  result      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (monitor_id, sha256)
);

CREATE INDEX uploads_by_monitor_time ON uploads (monitor_id, created_at DESC, id DESC);
