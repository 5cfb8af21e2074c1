-- The demo monitor on the bundled LHC Olympics DREAM model, ready on a fresh local database.
INSERT OR IGNORE INTO monitors (id, name, model_id, description, created_at)
VALUES (
  'lhco-dream',
  'LHCO background simulation (DREAM demo)',
  'lhco-dream',
  'Batches of dijet events (mj1, delta_mj, tau21_j1, tau21_j2) scored against real LHC Olympics QCD background.',
  '2026-12-03T00:00:00.000Z'
);
