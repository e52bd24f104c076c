import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/helpers/run-tmpdir.ts'],
    setupFiles: ['test/helpers/private-tmpdir.ts'],
  },
});
