import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Test files tagged `// @module-tag process`: they spawn the real command or child process, because
 * the process boundary (exit status, stdout, signals, the ingest process) is what they test. They are
 * slow, so `npm test` leaves them to `npm run test:reliability`.
 */
export const PROCESS_TESTS = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts') && /^\/\/ @module-tag process$/m.test(readFileSync(path.join('test', f), 'utf8')))
  .map((f) => path.join('test', f).split(path.sep).join('/'));

export const TAGS = [{ name: 'process', description: 'spawns the real command or child process: the process boundary is what is tested' }];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/reliability/**', 'node_modules/**', ...PROCESS_TESTS],
    tags: TAGS,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default on two cores is one worker; most tests wait on loopback I/O, so two files run at once.
    maxWorkers: 2,
    // Files share their worker's modules instead of loading LangChain, transformers.js, pdfjs and the
    // SDKs afresh each (≈40 s of a run): a file leaves nothing global behind (test/helpers/isolation.ts).
    isolate: false,
    // Tests never download: the test model is committed, and any model host is a local fake server.
    env: {
      MODEL_ALLOW_DOWNLOAD: 'false',
      MODEL_REMOTE_HOST: 'http://127.0.0.1:9/',
      EMBEDDING_MODEL: 'test/tiny-zh',
      MODELS_DIR: 'test/fixtures/models',
      LOG_LEVEL: 'warn',
    },
    // Quiet: output of passing tests (progress lines, expected errors) is kept back; a failing test shows its own.
    setupFiles: ['./test/helpers/quiet-output.ts', './test/helpers/isolation.ts'],
    // Once per run: the PDF fixtures every PDF test reads.
    globalSetup: ['./test/helpers/global-setup.ts'],
    silent: 'passed-only',
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
