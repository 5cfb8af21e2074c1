/**
 * Shared pieces of the benchmarks and the load/fault scripts: the machine description, order
 * statistics, a machine-readable result line for `npm run bench`, and a local service started with
 * `npm start` on a free loopback port, in its own process group, with its own state directory —
 * so that it can be measured (workerd's memory), killed whole and restarted on the same state.
 * The browser tests and the README screenshot start the service through this too
 * (scripts/browser/local-service.ts).
 *
 * @example
 *   const service = await startService({ args: ['--var', 'SCORE_RATE_LIMIT:100000'] });
 *   const res = await fetch(`${service.base}/health`);
 *   console.log(service.workerdRssMiB());
 *   await service.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../data/paths.js';

/** "2 × AMD EPYC, 7.8 GiB, Node v20.20.2, load 1.4" — what every benchmark prints first. */
export function machine(): { nproc: number; cpu: string; node: string; memGiB: number; load: number; text: string } {
  const list = cpus();
  const cpu = (list[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim();
  const memGiB = totalmem() / 2 ** 30;
  const load = loadavg()[0];
  return {
    nproc: list.length,
    cpu,
    node: process.version,
    memGiB,
    load,
    text: `nproc ${list.length}, ${cpu}, ${memGiB.toFixed(1)} GiB, Node ${process.version}, load average ${load.toFixed(2)} at start`,
  };
}

/** The q-quantile (0 ≤ q ≤ 1) of the values, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/**
 * Prints the one line `npm run bench` (scripts/bench/all.ts) collects from each benchmark.
 *
 * @example
 *   emitResult('auc', { fast_ms: 180, reference_ms: 2400 });
 */
export function emitResult(name: string, result: Record<string, unknown>): void {
  console.log(`BENCH_RESULT ${name} ${JSON.stringify(result)}`);
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Service {
  base: string;
  port: number;
  stateDir: string;
  /** What the service printed so far ('' once its state directory is removed). */
  log(): string;
  /** The process group of `npm start`, wrangler and workerd. */
  pgid: number;
  /** Resident memory of the workerd process(es) of this service, MiB (summed), or NaN if none is found. */
  workerdRssMiB(): number;
  /** Peak resident memory (VmHWM) of workerd since it started, MiB. */
  workerdPeakMiB(): number;
  /** Stops the whole process group (SIGTERM, then SIGKILL), and waits for it to go. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** The admin token `npm start` keeps in .dev.vars. */
  adminToken(): string;
}

export interface StartOptions {
  /** Reuse a state directory (restart on the same D1/R2); default a fresh temporary one. */
  stateDir?: string;
  /** Extra arguments for `wrangler dev`, e.g. ['--var', 'MAX_ROWS:400000']. */
  args?: string[];
  port?: number;
  /** Seconds to wait for /health. */
  timeoutSeconds?: number;
}

/**
 * Starts `npm start` (scripts/start.mjs: migrations, then wrangler dev) on a free loopback port
 * with its own state directory, in a new process group; resolves once /health answers.
 */
export async function startService(options: StartOptions = {}): Promise<Service> {
  const port = options.port ?? (await freePort());
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'dreamwatch-state-'));
  const logFile = join(stateDir, `service-${Date.now()}.log`);
  const readLog = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return ''; // the state directory was removed
    }
  };
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.mjs'), ...(options.args ?? [])], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), DREAMWATCH_STATE_DIR: stateDir, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const pgid = child.pid!;
  const base = `http://127.0.0.1:${port}`;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const alive = () => processGroupMembers(pgid).length > 0;
    try {
      process.kill(-pgid, signal);
    } catch {
      return; // already gone
    }
    for (let i = 0; i < 50 && alive(); i++) await sleep(100);
    if (alive()) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // gone in between
      }
      for (let i = 0; i < 50 && alive(); i++) await sleep(100);
    }
  };
  const deadline = Date.now() + (options.timeoutSeconds ?? 180) * 1000;
  for (;;) {
    try {
      // A per-request limit, so that a half-started server cannot hold the loop past the deadline.
      if ((await fetch(`${base}/health`, { signal: AbortSignal.timeout(2000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      const why = child.exitCode !== null ? `exited with code ${child.exitCode} before /health answered` : `did not answer on ${base}`;
      await stop('SIGKILL');
      const output = readLog().slice(-4000);
      // A state directory made here holds nothing worth keeping once its output is in the message;
      // a caller's (a restart on the same state) is the caller's to keep.
      const kept = options.stateDir !== undefined;
      if (!kept) removeState(stateDir);
      throw new Error(`npm start ${why}${kept ? ` (log in ${logFile})` : ''}\n--- npm start output ---\n${output}`);
    }
    await sleep(250);
  }
  const workerd = () => processGroupMembers(pgid).filter((m) => m.comm === 'workerd').map((m) => m.pid);
  const statusKiB = (pid: number, field: string) => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  };
  return {
    base,
    port,
    stateDir,
    log: readLog,
    pgid,
    workerdRssMiB: () => workerd().reduce((s, pid) => s + statusKiB(pid, 'VmRSS') / 1024, 0) || NaN,
    workerdPeakMiB: () => workerd().reduce((s, pid) => s + statusKiB(pid, 'VmHWM') / 1024, 0) || NaN,
    stop,
    adminToken: () => {
      const m = /^ADMIN_TOKEN=(.+)$/m.exec(readFileSync(join(repoRoot, '.dev.vars'), 'utf8'));
      if (!m) throw new Error('no ADMIN_TOKEN in .dev.vars');
      return m[1].trim();
    },
  };
}

/** Removes a state directory made by startService. */
export function removeState(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Processes whose process group is `pgid` (Linux /proc). */
export function processGroupMembers(pgid: number): { pid: number; comm: string }[] {
  const out: { pid: number; comm: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // fields[0] is the state, fields[2] the process group; zombies have exited already.
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') out.push({ pid: Number(entry), comm });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Samples `read()` every `everyMs` while `work` runs; returns the work's result and the largest sample. */
export async function sampleWhile<T>(work: Promise<T>, read: () => number, everyMs = 20): Promise<{ result: T; peak: number }> {
  let peak = read();
  let done = false;
  const sampler = (async () => {
    while (!done) {
      peak = Math.max(peak, read());
      await sleep(everyMs);
    }
  })();
  try {
    const result = await work;
    return { result, peak };
  } finally {
    done = true;
    await sampler;
  }
}
