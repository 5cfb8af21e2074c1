/**
 * Kill and restart the local runtime during a burst of uploads; then check that nothing accepted
 * was lost and nothing is half-written. Loopback only, bounded, stops by itself.
 *
 * 1. `npm start` on a free port with fresh state; a burst of distinct real LHCO batches goes to a
 *    closed monitor (with its token) from several clients at once.
 * 2. Mid-burst (after `--kill-after` answers), the whole process group — npm, wrangler, workerd —
 *    gets SIGKILL: no shutdown, as in a crash or power loss.
 * 3. The service is started again on the same state directory, and:
 *    - every upload that got a 2xx must be listed with its id, content hash and result;
 *    - every D1 upload row must have its R2 object, of the right size and SHA-256 (read directly
 *      from the persisted local R2/D1 through Miniflare after the service stops again);
 *    - R2 objects without a row are counted: the route writes the R2 object first and the D1 row
 *      second, and only the row makes an upload, so such an object is the trace of a request the
 *      crash cut between the two — never acknowledged, and completed by the client's retry;
 *    - every request that got no answer is retried with its Idempotency-Key and must be stored.
 *
 *   npm run bench:faults [-- --uploads 40 --concurrency 6 --batch 2500 --kill-after 10]
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Miniflare } from 'miniflare';
import type { Matrix } from '../../src/formats/matrix.js';
import { encodeNpy } from '../../src/formats/npy.js';
import { emitResult, machine, removeState, startService, type Service } from './lib.js';
import { lhcoEvents } from './workloads.js';

const { values } = parseArgs({ options: Object.fromEntries(['uploads', 'concurrency', 'batch', 'kill-after'].map((k) => [k, { type: 'string' as const }])) });
const UPLOADS = Number(values.uploads ?? 40);
const CONCURRENCY = Number(values.concurrency ?? 6);
const BATCH = Number(values.batch ?? 2500);
const KILL_AFTER = Number(values['kill-after'] ?? 10);

interface Attempt {
  index: number;
  key: string;
  body: Uint8Array;
  sha256: string;
  status?: number;
  id?: string;
  error?: string;
}

function slice(m: Matrix, start: number, rows: number): Matrix {
  return { rows, cols: m.cols, data: m.data.slice(start * m.cols, (start + rows) * m.cols) };
}

async function upload(service: Service, token: string, a: Attempt): Promise<{ status: number; body: { id?: string; sha256?: string; result?: { auc: number } } }> {
  const res = await fetch(`${service.base}/v1/monitors/faults/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-npy', authorization: `Bearer ${token}`, 'idempotency-key': a.key },
    body: a.body as Uint8Array<ArrayBuffer>,
  });
  return { status: res.status, body: (await res.json()) as { id?: string; sha256?: string } };
}

const events = await lhcoEvents(120_000);
if (UPLOADS * BATCH > events.rows) throw new Error(`${UPLOADS} × ${BATCH} events needs more than the ${events.rows} available`);
const attempts: Attempt[] = Array.from({ length: UPLOADS }, (_, i) => {
  const body = encodeNpy(slice(events, i * BATCH, BATCH));
  return { index: i, key: `faults-${i}`, body, sha256: createHash('sha256').update(body).digest('hex') };
});

// 1–2: the burst, and the kill.
const first = await startService();
const stateDir = first.stateDir;
const admin = first.adminToken();
const created = await fetch(`${first.base}/v1/monitors`, {
  method: 'POST',
  headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
  body: JSON.stringify({ id: 'faults', model: 'lhco-dream' }),
});
const token = ((await created.json()) as { upload_token: { token: string } }).upload_token.token;
let answered = 0;
let killed = false;
const killedAt: { answered: number; inFlight: number } = { answered: 0, inFlight: 0 };
let next = 0;
let inFlight = 0;
const kill = async () => {
  if (killed) return;
  killed = true;
  killedAt.answered = answered;
  killedAt.inFlight = inFlight;
  await first.stop('SIGKILL');
};
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < attempts.length && !killed) {
      const a = attempts[next++];
      inFlight++;
      try {
        const r = await upload(first, token, a);
        a.status = r.status;
        a.id = r.body.id;
      } catch (e) {
        a.error = (e as Error).message;
      }
      inFlight--;
      if (++answered >= KILL_AFTER) await kill();
    }
  }),
);
await kill();
const acknowledged = attempts.filter((a) => a.status !== undefined && a.status >= 200 && a.status < 300);
const unanswered = attempts.filter((a) => a.status === undefined && a.error !== undefined);
const unsent = attempts.filter((a) => a.status === undefined && a.error === undefined);

// 3: restart on the same state; every acknowledged upload must be there with its result.
const second = await startService({ stateDir });
const listed = (await (await fetch(`${second.base}/v1/monitors/faults/uploads?limit=500`)).json()) as {
  uploads: { id: string; sha256: string; n: number; result: { auc: number | null; auc_ci: unknown } }[];
};
const byId = new Map(listed.uploads.map((u) => [u.id, u]));
const lost = acknowledged.filter((a) => {
  const u = byId.get(a.id!);
  return !u || u.n !== BATCH || typeof u.result?.auc !== 'number' || !Array.isArray(u.result.auc_ci);
});
const rowsBeforeRetry = listed.uploads.length;

// The clients retry what got no answer (and what was never sent), with the same keys.
const retried: { status: number; duplicate: boolean }[] = [];
for (const a of [...unanswered, ...unsent]) {
  const r = await upload(second, token, a);
  retried.push({ status: r.status, duplicate: r.status === 200 });
  a.status = r.status;
  a.id = r.body.id;
}
const finalList = (await (await fetch(`${second.base}/v1/monitors/faults/uploads?limit=500`)).json()) as { uploads: { id: string; sha256: string }[] };
await second.stop();

// Direct look at the persisted D1 rows and R2 objects.
const mf = new Miniflare({
  modules: true,
  script: 'export default { fetch() { return new Response(null); } }',
  defaultPersistRoot: join(stateDir, 'v3'),
  d1Databases: { DB: '00000000-0000-4000-8000-000000000000' },
  r2Buckets: { SAMPLES: 'dreamwatch-samples' },
});
const db = await mf.getD1Database('DB');
const bucket = await mf.getR2Bucket('SAMPLES');
const rows = (await db.prepare("SELECT id, sha256, r2_key, n, n_features, result FROM uploads WHERE monitor_id = 'faults'").all<{ id: string; sha256: string; r2_key: string; n: number; n_features: number; result: string }>()).results;
let rowsWithoutObject = 0;
let badObjects = 0;
let unparsable = 0;
for (const row of rows) {
  const object = await bucket.get(row.r2_key);
  if (!object) {
    rowsWithoutObject++;
    continue;
  }
  const bytes = new Uint8Array(await object.arrayBuffer());
  if (createHash('sha256').update(bytes).digest('hex') !== row.sha256) badObjects++;
  try {
    if (typeof (JSON.parse(row.result) as { auc: unknown }).auc !== 'number') unparsable++;
  } catch {
    unparsable++;
  }
}
const keys = new Set(rows.map((r) => r.r2_key));
const objects = (await bucket.list({ prefix: 'samples/' })).objects.map((o) => o.key);
const orphans = objects.filter((k) => !keys.has(k)).length;
await mf.dispose();
removeState(stateDir);

const missingAfterRetry = attempts.filter((a) => !finalList.uploads.some((u) => u.sha256 === a.sha256)).length;
const result = {
  uploads: UPLOADS,
  batch: BATCH,
  killed_after_answers: killedAt.answered,
  in_flight_at_kill: killedAt.inFlight,
  acknowledged: acknowledged.length,
  acknowledged_lost: lost.length,
  unanswered: unanswered.length,
  unsent: unsent.length,
  rows_after_restart: rowsBeforeRetry,
  d1_rows_read_directly: rows.length,
  rows_without_r2_object: rowsWithoutObject,
  rows_with_wrong_object: badObjects,
  rows_with_bad_result: unparsable,
  r2_objects_without_row: orphans,
  retried: retried.length,
  retried_ok: retried.filter((r) => r.status === 200 || r.status === 201).length,
  missing_after_retry: missingAfterRetry,
};
console.log(machine().text);
console.log(`\nKill during a burst: ${UPLOADS} uploads of ${BATCH} real LHCO events, ${CONCURRENCY} clients, SIGKILL to the process group after ${killedAt.answered} answers (${killedAt.inFlight} in flight)\n`);
console.log('| check | count |');
console.log('|---|---:|');
for (const [k, v] of Object.entries(result)) console.log(`| ${k.replace(/_/g, ' ')} | ${v} |`);
// The direct read must see the rows the API lists (a different, empty database would pass vacuously).
const ok = rows.length === finalList.uploads.length && lost.length === 0 && rowsWithoutObject === 0 && badObjects === 0 && unparsable === 0 && missingAfterRetry === 0;
console.log(`\n${ok ? 'PASS' : 'FAIL'}: every acknowledged upload survived with its result; no D1 row lacks its R2 object; every retry stored its batch`);
emitResult('faults', { ...result, ok });
if (!ok) process.exitCode = 1;
