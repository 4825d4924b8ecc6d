import { describe, expect, it } from 'vitest';
import { IngestRunner, type IngestJobRunner } from '../../src/server/ingest-runner.js';
import type { IngestJob } from '../../src/server/ingest-jobs.js';
import { emptyReport } from '../../src/ingest/ingest-report.js';
import { silentLogger } from '../../src/util/log.js';
import { testConfig } from '../helpers/config.js';
import { tempDir } from '../helpers/paths.js';
import { observeFault } from '../reliability/faults.js';

/**
 * A stand-in for the work of the ingest process, in this process (the runner's queues are the
 * subject here, not the process boundary: test/server/ingest-process.test.ts has that): a parse
 * waits until the test releases it (an upload's long OCR, held as long as the test likes); an
 * ingest records the job it got and is done at once.
 */
function standInJobs() {
  const jobs: IngestJob[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const run: IngestJobRunner = async (job) => {
    jobs.push(job);
    if (job.kind === 'ingest') return { kind: 'ingest', report: emptyReport() };
    await released;
    const cover = { year: 2031, number: 11, total: 303, date: '2031-03-21', headline: '' };
    return { kind: 'parse', parsed: { cover, toc: [], articles: 0, warnings: [], notes: [] } };
  };
  return { run, jobs, release };
}

function runner(jobs: IngestJobRunner): IngestRunner {
  const dir = tempDir('runner-');
  return new IngestRunner(testConfig({ INDEX_DIR: dir, BULLETINS_DIR: dir }), silentLogger, async () => undefined, jobs);
}

describe('the ingest runner', () => {
  it('runs an ingest while an upload is still being parsed', async () => {
    const work = standInJobs();
    const r = runner(work.run);
    const parse = r.parse('/staging/upload.pdf', 'upload.pdf');
    let parsed = false;
    void parse.then(() => (parsed = true));
    // The parse cannot end before the test releases it: the ingest must get through beside it.
    const ingested = await r.ingest('files changed: add 2031-011-303.txt', { rehash: ['2031-011-303.txt'] });
    expect(ingested.result).toBe('ok');
    expect(parsed).toBe(false);
    work.release();
    expect((await parse).cover.total).toBe(303);
    expect(work.jobs.map((j) => j.kind)).toEqual(['parse', 'ingest']);
    observeFault('parseApart', 'the ingest finished while the upload’s parse was still held; the parse finished after its release');
    r.stop();
  });

  it('passes the files named by uploads to the ingest, joining the requests that wait for one run', async () => {
    const work = standInJobs();
    const r = runner(work.run);
    const first = r.ingest('one');
    const second = r.ingest('two', { rehash: ['a.md'] });
    const third = r.ingest('three', { rehash: ['b.txt'] });
    await Promise.all([first, second, third]);
    // Asked before the first had started: one run, with the files of all three.
    expect(work.jobs).toHaveLength(1);
    const joined = work.jobs[0]!;
    expect(joined.kind === 'ingest' && [...joined.rehash].sort()).toEqual(['a.md', 'b.txt']);
    r.stop();
  });
});
