import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

const migrations = await readD1Migrations('./migrations');

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
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: { ADMIN_TOKEN: 'test-admin-token', TEST_MIGRATIONS: migrations },
            },
          }),
        ],
        test: {
          name: 'worker',
          include: ['src/**/*.worker.test.ts', 'test/worker/**/*.test.ts'],
          setupFiles: ['./test/worker/apply-migrations.ts'],
          globalSetup: ['./test/worker/global-setup.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
