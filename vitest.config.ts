import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/reliability/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Tests never download: the test model is committed, and any model host is a local fake server.
    env: {
      MODEL_ALLOW_DOWNLOAD: 'false',
      MODEL_REMOTE_HOST: 'http://127.0.0.1:9/',
      EMBEDDING_MODEL: 'test/tiny-zh',
      MODELS_DIR: 'test/fixtures/models',
      LOG_LEVEL: 'warn',
    },
    // Quiet: output of passing tests (progress lines, expected errors) is kept back; a failing test shows its own.
    setupFiles: ['./test/helpers/quiet-output.ts'],
    silent: 'passed-only',
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
