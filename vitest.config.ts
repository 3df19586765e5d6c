import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Two tiers. `npm test` runs `unit`: the model, the rules, the engine, the formatters and the
 * Node API in-process, with no build and no dist/ (about 20 s on two cores). `npm run test:all` runs
 * both: `integration` adds what needs the built bundle or a real tool (the CLI as a process,
 * pre-commit, Neovim, Chromium, the installed package), stress inputs and the bench harness.
 */
const alias = [
  // src/core/lazy-dependencies.cts is CommonJS on purpose (synchronous require); from source, tests load the libraries at once.
  { find: /^.*\/lazy-dependencies\.cjs$/, replacement: path.resolve(import.meta.dirname, 'test/helpers/eager-dependencies.ts') },
];
const SLOW = ['test/integration/**/*.test.ts'];

export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 30_000,
    globalSetup: ['test/setup/apply-patches.ts'],
    projects: [
      // The unit files share one module graph per worker (isolate: false): importing dockerfile-ast, the model and
      // the rules once per worker instead of once per file takes `npm test` from about 72 s to about 20 s. It is sound because no
      // unit test mocks a module, stubs a global or changes the working directory; a shuffled order passes too.
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: SLOW, isolate: false } },
      { extends: true, test: { name: 'integration', include: SLOW, testTimeout: 120_000, hookTimeout: 600_000 } },
    ],
  },
});
