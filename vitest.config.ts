import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs pure TypeScript (stats, formats, the training engine) under Node;
// `worker` runs the service inside workerd (see test/worker/).
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
    ],
  },
});
