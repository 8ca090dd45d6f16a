import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test files that replace a module of the core for their own tests (vi.mock): they run in a fresh module
 * graph of their own, since a mock registered in a shared worker would reach (or miss) the modules other
 * files already loaded.
 */
const ISOLATED = ['test/review/reviewed-groups.test.ts'];
const EXCLUDED = ['test/e2e/**', 'node_modules/**'];

// Unit and integration tests run on plain Node against the real core (real SQLite, real keychain,
// real loopback emulators). End-to-end specs live in test/e2e and run under Playwright instead.
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core CI machine, where most of
    // a test's time is spent waiting on loopback emulators and child processes. Two keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: [...EXCLUDED, ...ISOLATED],
          // Each worker loads the core once and runs file after file in it, instead of loading and
          // transforming it afresh for every file (most of the suite's time went there). The core keeps no
          // module-level state between workspaces (per-workspace state hangs off WeakMaps keyed by the
          // workspace), so a file sees nothing another file left behind.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED, exclude: EXCLUDED, isolate: true } },
    ],
  },
});
