import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ from the current source before any test runs the CLI; keeps temp folders private.
    globalSetup: ['test/build-dist.ts', 'test/private-tmp.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Native kernels and tfjs-wasm hold process-wide state; forks keep suites isolated.
    pool: 'forks',
  },
});
