import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Reporter, TestModule, TestRunEndReason } from 'vitest/node';
import { RUN_FILE } from './figures.js';
import { DOC, missingFrom, renderFaults, renderFigures, renderProbes, withSections, type RunEntry } from './doc.js';

/**
 * Writes what `npm run test:reliability` measured into docs/RELIABILITY.md: the figures of every
 * case and the observation of every probe, from this run's records only, and only when the whole
 * suite passed with every case and probe measured (a partial or failed run leaves the doc as it was).
 */
export default class ReliabilityDocReporter implements Reporter {
  onTestRunStart(): void {
    rmSync(RUN_FILE, { force: true });
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>, reason: TestRunEndReason): void {
    const failed = reason !== 'passed' || errors.length > 0 || modules.some((m) => m.state() === 'failed');
    const entries: RunEntry[] = existsSync(RUN_FILE)
      ? readFileSync(RUN_FILE, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as RunEntry)
      : [];
    const why = failed ? 'the run did not pass' : missingFrom(entries);
    if (why) {
      process.stdout.write(`\ndocs/RELIABILITY.md left as it was: ${why}\n`);
      return;
    }
    writeFileSync(
      DOC,
      withSections(readFileSync(DOC, 'utf8'), {
        figures: renderFigures(entries),
        probes: renderProbes(entries),
        faults: renderFaults(entries),
      }),
    );
    process.stdout.write(`\ndocs/RELIABILITY.md written from this run (${entries.length} measurements)\n`);
  }
}
