// One vitest run, several projects:
// - unit: pure code (rules, generator, helpers), no database;
// - db:pglite and db:postgres: the same database suites, once on PGlite and once on a real
//   PostgreSQL 15 that tests/harness/global-setup.ts starts itself (never skipped);
// - browser: headless Chromium against a started server.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

const dbSuites = ['packages/api/**/*.test.ts', 'tests/**/*.test.ts'];
const notDb = ['**/*.unit.test.ts', 'tests/browser/**', '**/node_modules/**'];

export default defineConfig({
  test: {
    // vitest's default on a 2-core CI machine is one worker (cpus - 1): one file at a time while
    // the other core idles and the database suites mostly wait on PostgreSQL or PGlite I/O. Two
    // files at a time keeps both cores busy; bigger machines keep vitest's cpus - 1
    // (QY_TEST_WORKERS overrides both).
    maxWorkers: Number(process.env.QY_TEST_WORKERS ?? 0) || Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/rules/**/*.test.ts',
            'packages/contract/**/*.unit.test.ts',
            'packages/api/**/*.unit.test.ts',
            'packages/web/**/*.unit.test.ts',
            'bench/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**'],
          // generous: a generator test walks 100k rows, slow on a busy 2-core machine
          testTimeout: 30_000,
        },
      },
      ...(['pglite', 'postgres'] as const).map((kind) => ({
        test: {
          name: `db:${kind}`,
          include: dbSuites,
          // *.postgres.test.ts: what only a real server has (several processes, a replica)
          exclude: kind === 'pglite' ? [...notDb, '**/*.postgres.test.ts'] : notDb,
          env: { TEST_DB: kind },
          globalSetup: ['packages/api/src/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      })),
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          env: { TEST_DB: 'pglite' },
          globalSetup: ['packages/api/src/testing/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
