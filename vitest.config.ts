import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { buildAssets } from './scripts/build-assets.mjs';

const migrations = await readD1Migrations('./migrations');
// wrangler.toml serves public/ as static assets; it must exist before the worker pool reads the config.
await buildAssets();

// Two projects: `unit` runs pure TypeScript (stats, formats, the training engine, the DREAM tools)
// under Node; `worker` runs the service inside workerd, through the same wrangler.toml as `npm start`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/stats/**/*.test.ts', 'src/formats/**/*.test.ts', 'scripts/**/*.test.ts', 'test/unit/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        // The whole service in wrangler dev (local D1/R2/Queues) with a real webhook receiver,
        // the CLI, and a restart mid-retry: Node drives it over loopback.
        test: {
          name: 'system',
          environment: 'node',
          include: ['test/system/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                ADMIN_TOKEN: 'test-admin-token',
                TEST_MIGRATIONS: migrations,
                // Alerts and jobs: receivers on 127.0.0.1, quick retries, small parts and chunks.
                WEBHOOK_SECRET_KEY: 'test-webhook-deployment-key-0123456789abcdef',
                WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
                WEBHOOK_RETRY_BASE_MS: '1000',
                WEBHOOK_RETRY_MAX_MS: '4000',
                WEBHOOK_MAX_ATTEMPTS: '4',
                WEBHOOK_TIMEOUT_MS: '2000',
                // R2's smallest multipart part (5 MiB), so parts behave as in production.
                JOB_PART_BYTES: '5242880',
              },
            },
          }),
        ],
        test: {
          name: 'worker',
          include: ['src/**/*.worker.test.ts', 'test/worker/**/*.test.ts'],
          setupFiles: ['./test/worker/apply-migrations.ts'],
          globalSetup: ['./test/worker/global-setup.ts', './test/worker/corpus-setup.ts', './test/worker/receiver-setup.ts'],
          testTimeout: 60_000,
        },
      },
      {
        // `browser`: Debian's Chromium (playwright-core) against `npm start` on a free loopback port.
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
