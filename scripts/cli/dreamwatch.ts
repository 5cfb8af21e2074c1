/**
 * `npx dreamwatch upload FILE --monitor ID` — upload a batch from a production pipeline.
 *
 * Reads .npy, .csv or CaloChallenge HDF5 (read-batch.ts) and sends it in binary (.npy) form:
 * small batches in one request (POST /v1/monitors/:id/uploads), large ones as a job — parts
 * into R2, scored in chunks by the service — with progress on stderr. The upload (result and
 * rule evaluation) is printed as JSON on stdout.
 *
 * Options:
 *   --monitor ID        the monitor (required)
 *   --url URL           the service (default $DREAMWATCH_URL or http://127.0.0.1:8787)
 *   --token TOKEN       upload token of a closed monitor (default $DREAMWATCH_TOKEN)
 *   --columns SPEC      columns to use as the model's features, e.g. 1,2,3,4 or 1-533
 *   --job / --direct    force the job path / the one-request path (default: by size)
 *   --fail-on-alert     exit 3 when the upload raised an alert
 *   --timeout S         how long to wait for a job (default 3600)
 *
 * Exit codes: 0 done, 1 refused or failed, 2 bad usage, 3 alert raised (with --fail-on-alert).
 *
 * @example
 *   npx dreamwatch upload run-42.h5 --monitor calo-pions --columns 1-533 --token "$DREAMWATCH_TOKEN"
 */
import { parseArgs } from 'node:util';
import { readBatchFile } from './read-batch.js';

/** Batches above this go as a job (one request is limited to 32 MiB and 200k events by default). */
const DIRECT_MAX_BYTES = 16 * 1024 * 1024;
const DIRECT_MAX_ROWS = 200_000;

const USAGE = 'usage: dreamwatch upload FILE --monitor ID [--url URL] [--token TOKEN] [--columns SPEC] [--job|--direct] [--fail-on-alert]';

interface Upload {
  id: string;
  n: number;
  duplicate: boolean;
  result: { auc: number | null; auc_ci: [number, number] | null };
  evaluation?: { outcome: string; reason: string } | null;
}

export async function main(argv: string[], log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      monitor: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
      columns: { type: 'string' },
      job: { type: 'boolean' },
      direct: { type: 'boolean' },
      'fail-on-alert': { type: 'boolean' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    log(USAGE);
    return 0;
  }
  const [command, file] = positionals;
  if (command !== 'upload' || !file || !values.monitor || (values.job && values.direct)) {
    log(USAGE);
    return 2;
  }
  const base = (values.url ?? process.env.DREAMWATCH_URL ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');
  const token = values.token ?? process.env.DREAMWATCH_TOKEN;
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const monitor = encodeURIComponent(values.monitor);

  // A CSV header is matched to the model's feature names, so the CLI needs to know them.
  let features: string[] | undefined;
  if (/\.csv$/i.test(file)) {
    const res = await fetch(`${base}/v1/monitors/${monitor}`);
    if (!res.ok) return refused(res, log);
    features = ((await res.json()) as { model: { features: string[] } | null }).model?.features;
  }
  const batch = await readBatchFile(file, { columns: values.columns, features });
  const columns = batch.columnsApplied ? undefined : values.columns;
  log(`${file}: ${batch.kind}, ${batch.rows} events × ${batch.cols} columns, ${formatBytes(batch.npy.length)} to send`);
  const asJob = values.job || (!values.direct && (batch.npy.length > DIRECT_MAX_BYTES || batch.rows > DIRECT_MAX_ROWS));

  let upload: Upload;
  if (!asJob) {
    const query = columns ? `?columns=${encodeURIComponent(columns)}` : '';
    const started = Date.now();
    const res = await fetch(`${base}/v1/monitors/${monitor}/uploads${query}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-npy' },
      body: batch.npy as Uint8Array<ArrayBuffer>,
    });
    if (!res.ok) return refused(res, log);
    upload = (await res.json()) as Upload;
    log(`uploaded and scored in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else {
    const created = await fetch(`${base}/v1/monitors/${monitor}/jobs`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'npy', ...(columns ? { columns } : {}) }),
    });
    if (!created.ok) return refused(created, log);
    const job = (await created.json()) as { id: string; part_size: number };
    const parts = Math.ceil(batch.npy.length / job.part_size);
    const started = Date.now();
    for (let n = 1; n <= parts; n++) {
      const part = batch.npy.subarray((n - 1) * job.part_size, n * job.part_size) as Uint8Array<ArrayBuffer>;
      const res = await sendPart(`${base}/v1/jobs/${job.id}/parts/${n}`, part, auth);
      if (!res.ok) return refused(res, log);
      const sent = Math.min(batch.npy.length, n * job.part_size);
      const rate = sent / Math.max(0.001, (Date.now() - started) / 1000);
      log(`part ${n}/${parts}: ${formatBytes(sent)} of ${formatBytes(batch.npy.length)} (${Math.round((100 * sent) / batch.npy.length)}%), ${formatBytes(rate)}/s`);
    }
    const completed = await fetch(`${base}/v1/jobs/${job.id}/complete`, { method: 'POST', headers: auth });
    if (!completed.ok) return refused(completed, log);
    log(`job ${job.id} queued for scoring`);
    const finished = await waitForJob(`${base}/v1/jobs/${job.id}`, Number(values.timeout ?? 3600) * 1000, log);
    if (finished.status !== 'done' || !finished.upload) {
      log(`job ${job.id} failed: ${finished.error ? `${finished.error.code}: ${finished.error.message}` : finished.status}`);
      return 1;
    }
    upload = { ...finished.upload, duplicate: finished.duplicate };
  }

  const r = upload.result;
  log(
    `${upload.duplicate ? 'already uploaded: ' : ''}upload ${upload.id}: AUC ${r.auc ?? 'n/a'}` +
      (r.auc_ci ? ` [${r.auc_ci[0]}, ${r.auc_ci[1]}]` : '') +
      (upload.evaluation ? `; rules: ${upload.evaluation.outcome} (${upload.evaluation.reason})` : ''),
  );
  process.stdout.write(`${JSON.stringify(upload)}\n`);
  return values['fail-on-alert'] && upload.evaluation?.outcome === 'alert' ? 3 : 0;
}

/** One part, retried a few times on network errors and 5xx: a part sent twice replaces itself. */
async function sendPart(url: string, body: Uint8Array<ArrayBuffer>, auth: Record<string, string>): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, { method: 'PUT', headers: { ...auth, 'content-type': 'application/octet-stream' }, body });
      if (res.status < 500 || attempt >= 4) return res;
    } catch (err) {
      if (attempt >= 4) throw err;
    }
    await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
  }
}

interface JobStatus {
  status: string;
  duplicate: boolean;
  progress: { chunks_done: number | null; chunks: number | null };
  error: { code: string; message: string } | null;
  upload: Upload | null;
}

async function waitForJob(url: string, timeoutMs: number, log: (line: string) => void): Promise<JobStatus> {
  const until = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const job = (await (await fetch(url)).json()) as JobStatus;
    const line = job.status === 'scoring' ? `scoring: chunk ${job.progress.chunks_done}/${job.progress.chunks}` : job.status;
    if (line !== last) log(line);
    last = line;
    if (job.status === 'done' || job.status === 'failed') return job;
    if (Date.now() > until) throw new Error(`the job did not finish within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function refused(res: Response, log: (line: string) => void): Promise<number> {
  const text = await res.text();
  let message = text;
  try {
    const body = JSON.parse(text) as { error?: { code: string; message: string } };
    if (body.error) message = `${body.error.code}: ${body.error.message}`;
  } catch {
    // not JSON: show it as it is
  }
  log(`refused (HTTP ${res.status}): ${message}`);
  return 1;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
