/**
 * Runs the service as a user would — `npm start` — on a free loopback port with its own fresh
 * local state, for the browser tests and the README screenshot. The launcher is the benchmarks'
 * (scripts/bench/lib.ts): the service runs in its own process group (wrangler leaves workerd
 * behind when only npm is killed), and `stop()` here ends that group and removes the state.
 *
 * @example
 *   const service = await startLocalService();
 *   try { await fetch(`${service.url}/health`); } finally { await service.stop(); }
 */
import { removeState, startService } from '../bench/lib.js';

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
  const service = await startService({ timeoutSeconds: (opts.timeoutMs ?? 120_000) / 1000 });
  const stop = async () => {
    await service.stop();
    removeState(service.stateDir);
  };
  try {
    return { url: service.base, adminToken: service.adminToken(), log: service.log, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
