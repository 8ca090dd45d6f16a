import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Unit and integration tests run on plain Node against the real core (real SQLite, real keychain,
// real loopback emulators). End-to-end specs live in test/e2e and run under Playwright instead.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core CI machine, where most of
    // a test's time is spent waiting on loopback emulators and child processes. Two keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
