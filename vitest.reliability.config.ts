import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/** `npm run test:reliability`: faults and load on loopback only; figures go to .reliability/. */
export default defineConfig({
  test: {
    ...base.test,
    include: ['test/reliability/**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
