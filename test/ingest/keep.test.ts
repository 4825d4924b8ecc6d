import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../src/ingest/ingest.js';
import { describeFailure } from '../../src/ingest/kept.js';
import type { DenseManifest } from '../../src/store/manifest.js';
import { denseDeps, loadEmbedder } from '../../src/app/retrieval.js';
import { loadIndex } from '../../src/store/load-index.js';
import { KeywordRetriever } from '../../src/search/keyword-retriever.js';
import { createAnswerEngine } from '../../src/answer/engine.js';
import { createLogger } from '../../src/util/log.js';
import { testConfig } from '../helpers/config.js';
import { FIXTURE_BULLETINS, fixtureCorpus, tempDir } from '../helpers/paths.js';
import { pdfFixtures } from '../helpers/pdf-fixtures.js';
import { manifestOf } from '../helpers/json.js';
import { ocrOncePerRun } from '../helpers/ocr.js';

const QUESTION = '星海市低空物流航线每架次补贴多少？单家企业年度最高补贴多少？';
const ORIGINAL = readFileSync(path.join(FIXTURE_BULLETINS, 'issue-a.txt'));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Broken saves of issue-a.txt an editor could make, each with the error it must be reported with. */
const BROKEN: Array<{ what: string; bytes: () => Buffer; error: RegExp }> = [
  {
    what: 'cut at half its bytes',
    // Inside the first character from the middle on: a lead byte (0b11xxxxxx) and nothing of what follows it.
    bytes: () => ORIGINAL.subarray(0, ORIGINAL.findIndex((b, i) => i >= ORIGINAL.length / 2 && b >= 0xc0) + 1),
    error: /^issue-a\.txt: the file ends in the middle of a character \(cut off/,
  },
  {
    what: 'cut after 60% of its lines',
    bytes: () => {
      const lines = ORIGINAL.toString('utf8').split('\n');
      return Buffer.from(lines.slice(0, Math.floor(lines.length * 0.6)).join('\n'));
    },
    error: /^issue-a\.txt: table of contents entry ".+" \(page \d+\) has no article in the body/,
  },
  {
    what: 'with the table of contents heading deleted',
    bytes: () => Buffer.from(ORIGINAL.toString('utf8').replace('本期要目', '')),
    error: /^issue-a\.txt: no table of contents \(本期要目\)/,
  },
];

/** The answer as a user gets it from the index on disk now (a fresh load, as the service does after a switch). */
async function ask(indexDir: string, question = QUESTION) {
  const index = await loadIndex(indexDir);
  const engine = createAnswerEngine({
    corpus: index.corpus,
    keyword: index.keyword,
    retriever: new KeywordRetriever(index.corpus.chunks, index.keyword),
  });
  return engine.answer(question);
}

describe('a bulletin overwritten by a broken version', () => {
  it.each(BROKEN)(
    'keeps serving the version indexed before when the file is $what, then serves the fix, then drops it when deleted',
    async ({ bytes, error }) => {
      const corpus = fixtureCorpus('issue-a.txt', 'issue-b.md');
      const indexDir = tempDir();
      const before = Date.now();
      await ingest({ corpusDir: corpus, indexDir });
      const after = Date.now();
      const good = await ask(indexDir);
      expect(good.found).toBe(true);
      expect(good.text).toContain('每架次补贴300元');
      const chunkIds = (await loadIndex(indexDir)).corpus.chunks.map((c) => c.id);

      writeFileSync(path.join(corpus, 'issue-a.txt'), bytes());
      const broken = await ingest({ corpusDir: corpus, indexDir });
      expect(broken).toMatchObject({ issues: 2, updated: [], removed: [], unchanged: ['issue-b.md'] });
      expect(broken.failed).toHaveLength(1);
      const [failure] = broken.failed;
      expect(failure!.file).toBe('issue-a.txt');
      expect(failure!.error).toMatch(error);
      expect(failure!.kept).toMatchObject({ issue: { year: 2031, number: 9, total: 301, date: '2031-03-07' }, sha256: sha256(ORIGINAL) });
      const indexedAt = Date.parse(failure!.kept!.indexedAt);
      expect(indexedAt).toBeGreaterThanOrEqual(before - 1000);
      expect(indexedAt).toBeLessThanOrEqual(after + 1000);
      expect(describeFailure(failure!)).toContain(`(2031年第9期（总第301期，2031-03-07）, sha256 ${sha256(ORIGINAL).slice(0, 12)})`);

      // Answered as before, from the same chunks, with the same citations.
      const kept = await ask(indexDir);
      expect(kept.text).toBe(good.text);
      expect(kept.citations).toEqual(good.citations);
      expect((await loadIndex(indexDir)).corpus.chunks.map((c) => c.id)).toEqual(chunkIds);
      // Asked again, nothing new: the failure is reported again and nothing is written.
      const again = await ingest({ corpusDir: corpus, indexDir });
      expect(again).toMatchObject({ changed: false, issues: 2, failed: [failure] });

      // Fixed, with a figure changed: the new content replaces the kept version.
      const fixed = ORIGINAL.toString('utf8').replace('每架次补贴300元', '每架次补贴320元');
      writeFileSync(path.join(corpus, 'issue-a.txt'), fixed);
      const repaired = await ingest({ corpusDir: corpus, indexDir });
      expect(repaired).toMatchObject({ issues: 2, updated: ['issue-a.txt'], failed: [] });
      const answer = await ask(indexDir);
      expect(answer.text).toContain('每架次补贴320元');
      expect(answer.text).not.toContain('300元');
      expect(manifestOf(indexDir).failed).toEqual({});

      // Broken again, then deleted: a deleted file is gone from the index, whatever was kept.
      writeFileSync(path.join(corpus, 'issue-a.txt'), bytes());
      expect((await ingest({ corpusDir: corpus, indexDir })).failed[0]!.kept!.sha256).toBe(sha256(Buffer.from(fixed)));
      rmSync(path.join(corpus, 'issue-a.txt'));
      const removed = await ingest({ corpusDir: corpus, indexDir });
      expect(removed).toMatchObject({ issues: 1, removed: ['issue-a.txt'], failed: [] });
      expect((await loadIndex(indexDir)).corpus.bulletins.map((b) => b.cover.total)).toEqual([302]);
      const gone = await ask(indexDir);
      // The refusal repeats the question (每架次补贴…), never the deleted issue's figure.
      expect(gone.found).toBe(false);
      expect(gone.text).not.toMatch(/每架次补贴\d+元/);
      expect(gone.citations.every((c) => c.issue.total !== 301)).toBe(true);
      const manifest = manifestOf(indexDir);
      expect(Object.keys(manifest.files)).toEqual(['issue-b.md']);
      expect(manifest.failed).toEqual({});
    },
  );

  it('reports a broken file that was never indexed as before, without a kept version', async () => {
    const corpus = fixtureCorpus('issue-b.md');
    writeFileSync(path.join(corpus, 'issue-a.txt'), BROKEN[2]!.bytes());
    const report = await ingest({ corpusDir: corpus, indexDir: tempDir() });
    expect(report.failed).toEqual([{ file: 'issue-a.txt', error: 'issue-a.txt: no table of contents (本期要目)' }]);
    expect(report.issues).toBe(1);
  });

  it('keeps the vectors of the version served: nothing is embedded again and its graph labels stay', async () => {
    const config = testConfig({});
    const embedder = await loadEmbedder(config, createLogger('silent'));
    const deps = { dense: denseDeps(config, embedder) };
    const corpus = fixtureCorpus('issue-a.txt', 'issue-b.md');
    const indexDir = tempDir();
    await ingest({ corpusDir: corpus, indexDir }, deps);
    const denseBefore = (await loadIndex(indexDir)).manifest.dense as DenseManifest;

    writeFileSync(path.join(corpus, 'issue-a.txt'), BROKEN[1]!.bytes());
    const report = await ingest({ corpusDir: corpus, indexDir }, deps);
    expect(report).toMatchObject({ retrieval: 'hybrid', embedded: 0, issues: 2 });
    expect(report.failed[0]!.kept).toBeDefined();
    const index = await loadIndex(indexDir);
    const dense = index.manifest.dense as DenseManifest;
    expect(dense.labels).toEqual(denseBefore.labels);
    expect(dense.vectors).toBe(index.corpus.chunks.length);
    for (const file of dense.files) expect(existsSync(path.join(indexDir, file)), file).toBe(true);
  });

  it('keeps an indexed PDF that is replaced by a PDF without text', async () => {
    const fx = await pdfFixtures();
    const corpus = fixtureCorpus('issue-a.txt');
    copyFileSync(fx.issueB, path.join(corpus, 'issue-b.pdf'));
    const indexDir = tempDir();
    await ingest({ corpusDir: corpus, indexDir });
    const good = await ask(indexDir, '1-2月软件业务收入是多少？');
    expect(good.text).toContain('18640亿元');

    copyFileSync(fx.scanned, path.join(corpus, 'issue-b.pdf'));
    const report = await ingest({ corpusDir: corpus, indexDir }, { ocr: ocrOncePerRun });
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.error).toMatch(/^issue-b\.pdf: the PDF has no text layer/);
    expect(report.failed[0]!.kept!.issue.total).toBe(302);
    const kept = await ask(indexDir, '1-2月软件业务收入是多少？');
    expect(kept.citations).toEqual(good.citations);
  });

  it('does not keep a version when a file that parses now holds the same issue', async () => {
    const corpus = fixtureCorpus('issue-a.txt');
    const indexDir = tempDir();
    await ingest({ corpusDir: corpus, indexDir });
    // The editor saved the fixed issue under a new name and left the old file broken.
    copyFileSync(path.join(corpus, 'issue-a.txt'), path.join(corpus, 'a-fixed.txt'));
    writeFileSync(path.join(corpus, 'issue-a.txt'), BROKEN[2]!.bytes());
    const report = await ingest({ corpusDir: corpus, indexDir });
    expect(report.added).toEqual(['a-fixed.txt']);
    expect(report.failed).toEqual([
      {
        file: 'issue-a.txt',
        error: 'issue-a.txt: no table of contents (本期要目); its earlier version is not served: a-fixed.txt holds 总第301期 now',
      },
    ]);
    expect((await loadIndex(indexDir)).corpus.bulletins.map((b) => b.file)).toEqual(['a-fixed.txt']);
  });

  it('says when the version indexed before cannot be kept because its segment is gone', async () => {
    const corpus = fixtureCorpus('issue-a.txt');
    const indexDir = tempDir();
    await ingest({ corpusDir: corpus, indexDir });
    const manifest = manifestOf(indexDir);
    const segment = path.join(indexDir, manifest.files['issue-a.txt']!.segment);
    expect(statSync(segment).size).toBeGreaterThan(0);
    rmSync(segment);
    writeFileSync(path.join(corpus, 'issue-a.txt'), BROKEN[2]!.bytes());
    const report = await ingest({ corpusDir: corpus, indexDir });
    expect(report.issues).toBe(0);
    expect(report.failed[0]!.error).toBe(
      'issue-a.txt: no table of contents (本期要目); the version indexed before is not served any more (its segment is missing or damaged)',
    );
  });

  it('says when the version indexed before cannot be kept because the index settings changed', async () => {
    const corpus = fixtureCorpus('issue-a.txt', 'issue-b.md');
    const indexDir = tempDir();
    await ingest({ corpusDir: corpus, indexDir });
    writeFileSync(path.join(corpus, 'issue-a.txt'), BROKEN[2]!.bytes());
    // Other chunk settings: every bulletin is parsed again, and the broken file's old text is gone.
    const report = await ingest({ corpusDir: corpus, indexDir, chunkSettings: { maxChars: 200, minChars: 80, overlapChars: 40 } });
    expect(report).toMatchObject({ issues: 1, updated: ['issue-b.md'] });
    expect(report.failed).toEqual([
      {
        file: 'issue-a.txt',
        error:
          'issue-a.txt: no table of contents (本期要目); the version indexed before is not served any more (the index settings changed, so every bulletin is parsed again)',
      },
    ]);
  });
});
