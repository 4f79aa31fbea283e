import { defineConfig } from 'vitest/config';

// Three projects: fast unit tests next to the code, integration tests with real server
// processes and a real redis-server, end-to-end tests in the system's Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'shared/src/**/*.test.ts',
            'server/src/**/*.test.ts',
            'client/src/**/*.test.ts',
            // The deployment files (image, compose shapes, balancer) checked where they live.
            'deploy/**/*.test.ts',
            // The benchmark's model and soak books (pure functions).
            'scripts/bench/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
