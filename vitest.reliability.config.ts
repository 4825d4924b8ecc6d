import { defineConfig } from 'vitest/config';
import base, { PROCESS_TESTS } from './vitest.config.js';

/**
 * `npm run test:reliability`: faults, load and probes on loopback only, and the tests tagged
 * `process` (the real commands and the ingest process). Figures go to .reliability/ and, when the
 * whole suite passed, into docs/RELIABILITY.md.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: ['test/reliability/**/*.test.ts', ...PROCESS_TESTS],
    exclude: ['node_modules/**'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    // Each file in a fresh module graph: the cases measure the memory a process of their own would use.
    isolate: true,
    reporters: [...(base.test?.reporters as string[]), './test/reliability/doc-reporter.ts'],
  },
});
