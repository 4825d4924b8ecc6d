// @module-tag process
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { IngestRunner, UploadParseError } from '../../src/server/ingest-runner.js';
import { silentLogger } from '../../src/util/log.js';
import { testConfig } from '../helpers/config.js';
import { FIXTURE_BULLETINS, fixtureCorpus, tempDir } from '../helpers/paths.js';

/**
 * The ingest process itself (`npm run test:reliability`): jobs go to a forked child and come back
 * across the IPC channel, a file that is no bulletin as UploadParseError with the issue its cover
 * claims. The service's tests run the same jobs in their own process (runIngestJob).
 */
describe('IngestRunner with its child process', () => {
  it('parses an upload, refuses one that is no bulletin with the issue its cover names, and ingests the folder', async () => {
    const corpus = fixtureCorpus('issue-a.txt');
    const indexed: number[] = [];
    const runner = new IngestRunner(
      testConfig({ BULLETINS_DIR: corpus, INDEX_DIR: tempDir(), RETRIEVAL_MODE: 'keyword' }),
      silentLogger,
      async (r) => {
        indexed.push(r.issues);
      },
    );
    // The cover of issue-b.md reads 2031年3月14日 第10期 总第302期.
    const parsed = await runner.parse(path.join(FIXTURE_BULLETINS, 'issue-b.md'), '第10期.md');
    expect(parsed.cover).toMatchObject({ year: 2031, number: 10, total: 302, date: '2031-03-14' });
    expect(parsed.articles).toBe(4);

    // bad-no-toc.txt has the cover of 2031年3月28日 第12期 总第304期 and no 本期要目.
    const refused = await runner.parse(path.join(FIXTURE_BULLETINS, 'bad-no-toc.txt'), 'bad.txt').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UploadParseError);
    expect((refused as UploadParseError).message).toContain('no table of contents');
    expect((refused as UploadParseError).claimed).toEqual({ year: 2031, number: 12, total: 304, date: '2031-03-28' });

    const last = await runner.ingest('test');
    expect(last).toMatchObject({ result: 'ok', changed: true, issues: 1, added: ['issue-a.txt'] });
    expect(indexed).toEqual([1]);
    expect(runner.running).toBe(false);
  });
});
