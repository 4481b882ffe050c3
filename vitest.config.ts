import { configDefaults, defineConfig } from 'vitest/config';

const CRASH_SUITE = 'test/e2e/crash.e2e.test.ts';

export default defineConfig({
  test: {
    // End-to-end suites start a local Discord and a real client each; two cores are all CI has.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'default', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, CRASH_SUITE] } },
      // The crash suite kills and restarts a bot process 50 times on the real clock: it runs alone,
      // after everything else (a later group), so it neither starves other suites nor is starved by them.
      { extends: true, test: { name: 'crash', include: [CRASH_SUITE], sequence: { groupOrder: 1 } } },
    ],
  },
});
