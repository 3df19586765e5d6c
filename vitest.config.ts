import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: [
      // src/lazy-dependencies.cts is CommonJS on purpose (synchronous require); tests use its build.
      { find: /^.*\/lazy-dependencies\.cjs$/, replacement: path.resolve(import.meta.dirname, 'dist/src/lazy-dependencies.cjs') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
