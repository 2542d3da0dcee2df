import { defineConfig } from 'vitest/config';

// Unit tests (pure logic) run in parallel. Integration tests start real replicas and balancers on a
// 2-core machine, so they run one file at a time: parallel files would measure each other. For the
// same reason the three projects run one after another (groupOrder): an int file and a docker file at
// once would load the machine the way two int files would.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['harness/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.docker.test.ts', 'node_modules/**', 'dist/**'],
        },
      },
      {
        test: {
          name: 'int',
          sequence: { groupOrder: 1 },
          include: ['harness/**/*.int.test.ts', 'bench/**/*.int.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'docker',
          sequence: { groupOrder: 2 },
          include: ['harness/**/*.docker.test.ts'],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
