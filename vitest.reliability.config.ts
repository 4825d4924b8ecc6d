import { defineConfig } from 'vitest/config';
import base, { PROCESS_TESTS } from './vitest.config.js';
import { UNIT_FAULT_FILES } from './test/reliability/faults.js';

/**
 * `npm run test:reliability`: faults, load and probes on loopback only, the tests tagged `process`
 * (the real commands and the ingest process), and the unit tests of the faults issue 22 found (so
 * that the doc lists what each observed). Figures go to .reliability/ and, when the whole suite
 * passed, into docs/RELIABILITY.md.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: [...new Set(['test/reliability/**/*.test.ts', ...PROCESS_TESTS, ...UNIT_FAULT_FILES])],
    exclude: ['node_modules/**'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    env: { ...base.test?.env, RELIABILITY_RUN: '1' },
    // Each file in a fresh module graph: the cases measure the memory a process of their own would use.
    isolate: true,
    reporters: [...(base.test?.reporters as string[]), './test/reliability/doc-reporter.ts'],
  },
});
