import { defineConfig } from 'vitest/config';

// Unit tests (pure logic) run in parallel. Integration tests start real replicas and balancers on a
// 2-core machine, so they run one file at a time: parallel files would measure each other.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['harness/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.docker.test.ts', 'node_modules/**', 'dist/**'],
        },
      },
      {
        test: {
          name: 'int',
          include: ['harness/**/*.int.test.ts', 'bench/**/*.int.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'docker',
          include: ['harness/**/*.docker.test.ts'],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
