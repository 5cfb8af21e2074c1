/**
 * Runs the service as a user would — `npm start` — on a free loopback port with its own fresh
 * local state, for the browser tests and the README screenshot. The service runs in its own
 * process group (wrangler leaves workerd behind when only npm is killed), and `stop()` ends that
 * group and removes the state.
 *
 * @example
 *   const service = await startLocalService();
 *   try { await fetch(`${service.url}/health`); } finally { await service.stop(); }
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../data/paths.js';

export interface LocalService {
  url: string;
  /** The local admin token (from .dev.vars, which `npm start` creates on first run). */
  adminToken: string;
  /** What the service printed so far, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** How long to wait for /health; default 120 s (a cold wrangler start on a busy machine). */
  timeoutMs?: number;
}

export async function startLocalService(opts: StartOptions = {}): Promise<LocalService> {
  const port = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), 'dreamwatch-state-'));
  const output: string[] = [];
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), DREAMWATCH_STATE_DIR: stateDir, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 400) output.splice(0, output.length - 400);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopGroup(child);
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, opts.timeoutMs ?? 120_000);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- npm start output ---\n${output.join('').slice(-4000)}`);
  }
  const devVars = readFileSync(join(repoRoot, '.dev.vars'), 'utf8');
  const adminToken = /^ADMIN_TOKEN=(.*)$/m.exec(devVars)?.[1]?.trim() ?? '';
  return { url, adminToken, log: () => output.join(''), stop };
}

/** A port the kernel just handed out on 127.0.0.1, released for the service to take. */
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

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with code ${child.exitCode} before /health answered`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the service did not answer ${url}/health within ${timeoutMs / 1000} s`);
}

/** SIGTERM to the whole group, then SIGKILL if it has not gone after 5 s. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // the group is already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  // workerd may outlive npm by a moment; make sure nothing of the group is left listening.
  signal('SIGKILL');
}
