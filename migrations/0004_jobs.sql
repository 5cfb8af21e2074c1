-- Asynchronous scoring of batches too large for one request: uploaded in parts to R2 through the
-- API, or dropped into the monitored R2 prefix; scored in chunks by the jobs queue consumer
-- (src/jobs/). `next_chunk` advances by compare-and-set, so a redelivered message is harmless.
CREATE TABLE jobs (
  id                  TEXT PRIMARY KEY,
  monitor_id          TEXT NOT NULL REFERENCES monitors(id),
  source              TEXT NOT NULL,
  r2_key              TEXT NOT NULL,
  multipart_upload_id TEXT,
  part_size           INTEGER,
  format              TEXT NOT NULL,
  shape               TEXT,
  columns             TEXT,
  status              TEXT NOT NULL,
  rows                INTEGER,
  cols                INTEGER,
  n_features          INTEGER,
  chunk_rows          INTEGER,
  chunks              INTEGER,
  next_chunk          INTEGER NOT NULL DEFAULT 0,
  sha256              TEXT,
  upload_id           TEXT,
  duplicate           INTEGER NOT NULL DEFAULT 0,
  error               TEXT,
  dedup_key           TEXT UNIQUE,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
CREATE INDEX jobs_by_monitor ON jobs (monitor_id, created_at DESC);
CREATE INDEX jobs_by_status ON jobs (status, updated_at);

CREATE TABLE job_parts (
  job_id      TEXT NOT NULL REFERENCES jobs(id),
  part_number INTEGER NOT NULL,
  etag        TEXT NOT NULL,
  size        INTEGER NOT NULL,
  PRIMARY KEY (job_id, part_number)
);
