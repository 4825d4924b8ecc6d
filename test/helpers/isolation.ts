import { afterAll, vi } from 'vitest';

/**
 * Test files share their worker's modules (`isolate: false` in vitest.config.ts: each file would
 * otherwise load LangChain, transformers.js, pdfjs and the SDKs afresh). A file must therefore leave
 * nothing global behind: this fails the file that leaves fake timers on.
 */
afterAll(() => {
  if (vi.isFakeTimers()) {
    vi.useRealTimers();
    throw new Error('this test file left fake timers on: restore them (vi.useRealTimers) in afterEach');
  }
});
