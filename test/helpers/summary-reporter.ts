import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line, "N passed, N failed, N skipped", that CI logs can be read by,
 * and says once why tests were skipped (a missing ../shared, named in the skipped tests' titles).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    const reasons = new Set<string>();
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') count.passed++;
        else if (state === 'failed') count.failed++;
        else {
          count.skipped++;
          const reason = / — skipped: ([^>]*?)(?: > |$)/.exec(test.fullName)?.[1];
          if (reason) reasons.add(reason);
        }
      }
      // A file that failed outside its tests (an import, a hook) counts as one failure.
      if (module.state() === 'failed' && ![...module.children.allTests()].some((t) => t.result().state === 'failed')) count.failed++;
    }
    for (const reason of reasons) process.stdout.write(`\nskipped: ${reason}`);
    process.stdout.write(`\n${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped\n`);
  }
}
