import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../src/ingest/ingest.js';
import { loadIndex } from '../../src/store/load-index.js';
import { MANIFEST_FILE } from '../../src/store/manifest.js';
import { createLogger } from '../../src/util/log.js';
import { FIXTURE_BULLETINS, fixtureCorpus, tempDir } from '../helpers/paths.js';
import { manifestOf } from '../helpers/json.js';
import { observeFault } from '../reliability/faults.js';

/** issue-a.txt says 省财政每年安排3亿元…; the edit changes one digit: the same size in bytes. */
const BEFORE = '省财政每年安排3亿元数据要素发展专项资金';
const AFTER = '省财政每年安排8亿元数据要素发展专项资金';

/**
 * Overwrites a file with one digit changed and sets its access and modification times back to what
 * they were, to the nanosecond (`touch -r`, as cp -p or rsync -t would).
 */
function overwriteKeepingTimes(file: string): void {
  const before = statSync(file);
  const reference = `${file}.times`;
  writeFileSync(reference, '');
  execFileSync('touch', ['-r', file, reference]);
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(BEFORE);
  writeFileSync(file, text.replace(BEFORE, AFTER));
  execFileSync('touch', ['-r', reference, file]);
  rmSync(reference);
  const after = statSync(file);
  expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
}

const indexedText = async (indexDir: string) =>
  (await loadIndex(indexDir)).corpus.chunks
    .filter((c) => c.file === 'issue-a.txt')
    .map((c) => c.text)
    .join('');

describe('content decides what is indexed', () => {
  it('re-indexes a same-size overwrite whose modification time was set back (its change time moved)', async () => {
    const corpus = fixtureCorpus('issue-a.txt', 'issue-b.md');
    const indexDir = tempDir();
    await ingest({ corpusDir: corpus, indexDir });
    overwriteKeepingTimes(path.join(corpus, 'issue-a.txt'));
    const report = await ingest({ corpusDir: corpus, indexDir });
    expect(report.updated).toEqual(['issue-a.txt']);
    expect(await indexedText(indexDir)).toContain(AFTER);
  });

  it('hashes a file named by an upload even when its size and every time equal the record', async () => {
    const corpus = fixtureCorpus('issue-a.txt');
    const indexDir = tempDir();
    await ingest({ corpusDir: corpus, indexDir });
    const file = path.join(corpus, 'issue-a.txt');
    overwriteKeepingTimes(file);
    // Saved within one tick of the clock that stamps files, the change time could not tell either: the record is made to match it.
    const manifestFile = path.join(indexDir, MANIFEST_FILE);
    // Edited as written (not through the schema, so that nothing else in it changes).
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { files: Record<string, { ctimeMs?: number }> };
    manifest.files['issue-a.txt']!.ctimeMs = statSync(file).ctimeMs;
    writeFileSync(manifestFile, JSON.stringify(manifest));

    const trusted = await ingest({ corpusDir: corpus, indexDir });
    expect(trusted.unchanged).toEqual(['issue-a.txt']);
    const named = await ingest({ corpusDir: corpus, indexDir, rehash: ['issue-a.txt'] });
    expect(named.updated).toEqual(['issue-a.txt']);
    expect(await indexedText(indexDir)).toContain(AFTER);
    observeFault('rehashUpload', `stat record equal: plain ingest left it unchanged; named by the upload: updated, new wording indexed`);
  });

  it('records a touched file with the same content without parsing it, so that it is not hashed at every ingest', async () => {
    const corpus = fixtureCorpus('issue-a.txt');
    const indexDir = tempDir();
    await ingest({ corpusDir: corpus, indexDir });
    const file = path.join(corpus, 'issue-a.txt');
    writeFileSync(file, readFileSync(file));
    const touched = await ingest({ corpusDir: corpus, indexDir });
    expect(touched).toMatchObject({ unchanged: ['issue-a.txt'], updated: [], changed: false });
    expect(manifestOf(indexDir).files['issue-a.txt']!.ctimeMs).toBe(statSync(file).ctimeMs);
  });

  it('does not index a file deleted while the others are parsed', async () => {
    const corpus = fixtureCorpus('issue-a.txt');
    const indexDir = tempDir();
    await ingest({ corpusDir: corpus, indexDir });
    copyFileSync(path.join(FIXTURE_BULLETINS, 'issue-b.md'), path.join(corpus, 'issue-b.md'));
    copyFileSync(path.join(FIXTURE_BULLETINS, 'injection.txt'), path.join(corpus, 'injection.txt'));
    // Deleted once it has been parsed, while this ingest is still under way (its log line says when).
    const log = createLogger('info', (line) => {
      if (line.startsWith('parsed issue-b.md')) rmSync(path.join(corpus, 'issue-b.md'));
    });
    const report = await ingest({ corpusDir: corpus, indexDir }, { log });
    const served = (await loadIndex(indexDir)).corpus.bulletins.map((b) => b.file).sort();
    expect(served).toEqual(['injection.txt', 'issue-a.txt']);
    expect(report.added).toEqual(['injection.txt']);
    observeFault('vanished', `deleted during the ingest: not in the index written (${served.join(', ')}), not added`);
  });
});
