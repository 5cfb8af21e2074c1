/**
 * Worker bundle size and cold start: builds the Worker the way `wrangler deploy` would
 * (--dry-run --minify, nothing uploaded), prints each module's raw and gzip size, then starts
 * `wrangler dev` and times the first /health answer and the first scored request (which creates
 * the onnxruntime-web session).
 *
 *   npx tsx scripts/bench/bundle.ts
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '../data/paths.js';

const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
const wrangler = join(repoRoot, 'node_modules', '.bin', 'wrangler');

function bundleSizes(): void {
  const out = mkdtempSync(join(tmpdir(), 'dreamwatch-bundle-'));
  const build = spawnSync(wrangler, ['deploy', '--dry-run', '--minify', '--outdir', out], { cwd: repoRoot, env, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${build.stderr}`);
  let raw = 0;
  let gz = 0;
  console.log('| module | raw KiB | gzip KiB |\n|---|---:|---:|');
  for (const name of readdirSync(out).filter((f) => !f.endsWith('.map') && !f.endsWith('.md'))) {
    const bytes = readFileSync(join(out, name));
    const g = gzipSync(bytes, { level: 9 }).length;
    raw += statSync(join(out, name)).size;
    gz += g;
    console.log(`| ${name.replace(/^[0-9a-f]{40}-/, '')} | ${(bytes.length / 1024).toFixed(1)} | ${(g / 1024).toFixed(1)} |`);
  }
  console.log(`| **total** | ${(raw / 1024).toFixed(1)} | ${(gz / 1024).toFixed(1)} |`);
}

async function coldStart(): Promise<void> {
  const port = String(18000 + Math.floor(Math.random() * 1000));
  // The schema first, as `npm start` does: the score route counts requests in D1 (rate limit).
  const state = mkdtempSync(join(tmpdir(), 'dw-state-'));
  const migrate = spawnSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state], { cwd: repoRoot, env, encoding: 'utf8' });
  if (migrate.status !== 0) throw new Error(`wrangler d1 migrations apply failed:\n${migrate.stderr}`);
  const started = Date.now();
  const dev = spawn(wrangler, ['dev', '--ip', '127.0.0.1', '--port', port, '--persist-to', state], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: 'ignore',
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 240; i++) {
      try {
        if ((await fetch(`${base}/health`)).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const ready = Date.now() - started;
    const body = JSON.stringify({ events: [[0.1, 0.2, 0.5, 0.5]] });
    const post = () => fetch(`${base}/v1/score/lhco-dream`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const t0 = performance.now();
    const first = await post();
    const firstMs = performance.now() - t0;
    const t1 = performance.now();
    await post();
    const warmMs = performance.now() - t1;
    console.log(`\nwrangler dev to first /health: ${(ready / 1000).toFixed(1)} s`);
    console.log(`first score request (creates the ORT session): ${firstMs.toFixed(0)} ms (HTTP ${first.status}); next: ${warmMs.toFixed(1)} ms`);
  } finally {
    if (dev.pid) process.kill(-dev.pid, 'SIGTERM');
    // Give workerd a moment to let go of its files, then drop the throw-away state.
    await new Promise((r) => setTimeout(r, 500));
    rmSync(state, { recursive: true, force: true });
  }
}

bundleSizes();
await coldStart();
