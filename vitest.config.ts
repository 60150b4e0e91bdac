import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores on the CI machines: more forks only add contention.
    maxWorkers: 2,
    // Internal errors throw instead of becoming a report (src/util/guard.ts): a bug fails the test that met it.
    // Child processes (the ESLint CLI in end-to-end tests) inherit it.
    env: { PATCH_ORDER_STRICT: '1' },
  },
});
