#!/usr/bin/env node
// `npm start`: the local service on http://127.0.0.1:8787 with local D1/R2 state under
// .wrangler/state — no account, no network. Creates a local admin token in .dev.vars on first run,
// applies the D1 migrations (which also create the demo monitor `lhco-dream`), then runs
// `wrangler dev` in the foreground. Ctrl-C (or a signal to this process) stops both.
// Builds the static files first (public/, see build-assets.mjs). PORT picks the port;
// DREAMWATCH_STATE_DIR keeps the local state elsewhere (the browser tests use a fresh one).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAssets } from './build-assets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wrangler = join(root, 'node_modules', '.bin', 'wrangler');
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
const port = process.env.PORT ?? '8787';
const persist = process.env.DREAMWATCH_STATE_DIR ? ['--persist-to', process.env.DREAMWATCH_STATE_DIR] : [];

await buildAssets(root);

const devVars = join(root, '.dev.vars');
if (!existsSync(devVars) || !/^ADMIN_TOKEN=/m.test(readFileSync(devVars, 'utf8'))) {
  const token = `dw_admin_${randomBytes(24).toString('hex')}`;
  writeFileSync(devVars, `ADMIN_TOKEN=${token}\n`, { flag: 'a', mode: 0o600 });
  console.log(`created a local admin token in .dev.vars`);
}

// Webhook signing secrets are stored encrypted under this deployment key (src/alerts/secrets.ts).
if (!/^WEBHOOK_SECRET_KEY=/m.test(readFileSync(devVars, 'utf8'))) {
  writeFileSync(devVars, `WEBHOOK_SECRET_KEY=${randomBytes(32).toString('hex')}\n`, { flag: 'a', mode: 0o600 });
  console.log(`created a local webhook secret key in .dev.vars`);
}

const migrate = spawnSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', ...persist], { cwd: root, env, stdio: 'inherit' });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

// Extra arguments go to `wrangler dev`, e.g. `npm start -- --var SCORE_RATE_LIMIT:100000` (the load test).
const dev = spawn(wrangler, ['dev', '--ip', '127.0.0.1', '--port', port, '--show-interactive-dev-session=false', ...persist,
  // Local receivers (127.0.0.1) are allowed here only; a deployment refuses private webhook URLs.
  '--var', 'WEBHOOK_ALLOW_PRIVATE_URLS:true', ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => dev.kill(signal));
dev.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
