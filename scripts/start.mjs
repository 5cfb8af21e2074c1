#!/usr/bin/env node
// `npm start`: the local service on http://127.0.0.1:8787 with local D1/R2 state under
// .wrangler/state — no account, no network. Creates a local admin token in .dev.vars on first run,
// applies the D1 migrations (which also create the demo monitor `lhco-dream`), then runs
// `wrangler dev` in the foreground. Ctrl-C (or a signal to this process) stops both.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wrangler = join(root, 'node_modules', '.bin', 'wrangler');
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
const port = process.env.PORT ?? '8787';

const devVars = join(root, '.dev.vars');
if (!existsSync(devVars) || !/^ADMIN_TOKEN=/m.test(readFileSync(devVars, 'utf8'))) {
  const token = `dw_admin_${randomBytes(24).toString('hex')}`;
  writeFileSync(devVars, `ADMIN_TOKEN=${token}\n`, { flag: 'a', mode: 0o600 });
  console.log(`created a local admin token in .dev.vars`);
}

const migrate = spawnSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local'], { cwd: root, env, stdio: 'inherit' });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

const dev = spawn(wrangler, ['dev', '--ip', '127.0.0.1', '--port', port, '--show-interactive-dev-session=false'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => dev.kill(signal));
dev.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
