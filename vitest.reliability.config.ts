import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:reliability`: faults, load and probes on loopback only. Figures go to .reliability/
 * and, when the whole suite passed, into docs/RELIABILITY.md.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: ['test/reliability/**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    reporters: [...(base.test?.reporters as string[]), './test/reliability/doc-reporter.ts'],
  },
});
