import { describe, expect, it } from 'vitest';
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../src/ingest/ingest.js';
import { loadIndex } from '../../src/store/load-index.js';
import { MANIFEST_FILE } from '../../src/store/manifest.js';
import { FIXTURE_BULLETINS, fixtureCorpus, tempDir } from '../helpers/paths.js';
import { manifestOf } from '../helpers/json.js';

const listFiles = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();

describe('ingest', () => {
  it('indexes a corpus and writes manifest, chunk store and keyword index', async () => {
    const corpus = fixtureCorpus('issue-a.txt', 'issue-b.md');
    const indexDir = tempDir();
    const report = await ingest({ corpusDir: corpus, indexDir });
    expect(report).toMatchObject({ issues: 2, articles: 9, changed: true, failed: [] });
    expect(report.added.sort()).toEqual(['issue-a.txt', 'issue-b.md']);
    const index = await loadIndex(indexDir);
    expect(index.corpus.bulletins.map((b) => b.cover.total)).toEqual([301, 302]);
    expect(index.keyword.size).toBe(index.corpus.chunks.length);
    expect(index.manifest.files['issue-a.txt']!.issue.total).toBe(301);
    expect(listFiles(indexDir).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('changes nothing when the corpus is unchanged', async () => {
    const corpus = fixtureCorpus('issue-a.txt', 'issue-b.md');
    const indexDir = tempDir();
    await ingest({ corpusDir: corpus, indexDir });
    const manifestBefore = readFileSync(path.join(indexDir, MANIFEST_FILE), 'utf8');
    const mtime = statSync(path.join(indexDir, MANIFEST_FILE)).mtimeMs;
    const again = await ingest({ corpusDir: corpus, indexDir });
    expect(again.changed).toBe(false);
    expect(again.unchanged.sort()).toEqual(['issue-a.txt', 'issue-b.md']);
    expect(readFileSync(path.join(indexDir, MANIFEST_FILE), 'utf8')).toBe(manifestBefore);
    expect(statSync(path.join(indexDir, MANIFEST_FILE)).mtimeMs).toBe(mtime);
  });

  it('parses only a new file, takes out a removed one, and keeps chunk ids of unchanged files', async () => {
    const corpus = fixtureCorpus('issue-a.txt');
    const indexDir = tempDir();
    await ingest({ corpusDir: corpus, indexDir });
    const idsA = (await loadIndex(indexDir)).corpus.chunks.map((c) => c.id);

    copyFileSync(path.join(FIXTURE_BULLETINS, 'issue-b.md'), path.join(corpus, 'issue-b.md'));
    const added = await ingest({ corpusDir: corpus, indexDir });
    expect(added).toMatchObject({ added: ['issue-b.md'], unchanged: ['issue-a.txt'], changed: true });
    const afterAdd = (await loadIndex(indexDir)).corpus.chunks;
    expect(afterAdd.filter((c) => c.file === 'issue-a.txt').map((c) => c.id)).toEqual(idsA);

    rmSync(path.join(corpus, 'issue-a.txt'));
    const removed = await ingest({ corpusDir: corpus, indexDir });
    expect(removed).toMatchObject({ removed: ['issue-a.txt'], issues: 1 });
    const afterRemove = await loadIndex(indexDir);
    expect(afterRemove.corpus.chunks.every((c) => c.file === 'issue-b.md')).toBe(true);
    // The previous generation stays whole until the next switch; older ones are cleaned up.
    const catalogues = () => listFiles(indexDir).filter((f) => f.startsWith('corpus-'));
    const segments = () => listFiles(indexDir).filter((f) => f.startsWith('segments/'));
    expect(catalogues()).toHaveLength(2);
    expect(segments()).toHaveLength(2);
    copyFileSync(path.join(FIXTURE_BULLETINS, 'injection.txt'), path.join(corpus, 'injection.txt'));
    await ingest({ corpusDir: corpus, indexDir });
    expect(catalogues()).toHaveLength(2);
    expect(segments()).toHaveLength(2);
    const manifest = manifestOf(indexDir);
    expect(segments().sort()).toEqual(
      Object.values(manifest.files)
        .map((f) => f.segment)
        .sort(),
    );
  });

  it('reports bad files with specific errors and still indexes the others', async () => {
    const corpus = fixtureCorpus('issue-a.txt', 'bad-empty.txt', 'bad-no-toc.txt', 'bad-missing-article.txt', 'bad-no-cover.txt');
    writeFileSync(path.join(corpus, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]));
    writeFileSync(path.join(corpus, 'huge-line.txt'), '数据'.repeat(2_600_000));
    // A save that stopped part-way: the last character is cut after its first byte.
    writeFileSync(path.join(corpus, 'cut.txt'), Buffer.from('大数据发展动态').subarray(0, 7));
    writeFileSync(path.join(corpus, 'empty.pdf'), '');
    const indexDir = tempDir();
    const report = await ingest({ corpusDir: corpus, indexDir });
    expect(report.issues).toBe(1);
    const errors = Object.fromEntries(report.failed.map((f) => [f.file, f.error]));
    expect(errors['bad-empty.txt']).toMatch(/bad-empty\.txt: the file is empty/);
    expect(errors['empty.pdf']).toMatch(/empty\.pdf: the file is empty/);
    expect(errors['bad-no-toc.txt']).toMatch(/no table of contents/);
    expect(errors['bad-missing-article.txt']).toMatch(/"青川省数字经济核心产业倍增计划" \(page 5\) has no article/);
    expect(errors['bad-no-cover.txt']).toMatch(/no cover date/);
    expect(errors['binary.txt']).toMatch(/binary/);
    expect(errors['cut.txt']).toBe('cut.txt: the file ends in the middle of a character (cut off: saved or copied only in part?)');
    expect(errors['huge-line.txt']).toMatch(/huge-line\.txt: no table of contents/);
    expect((await loadIndex(indexDir)).corpus.bulletins.map((b) => b.file)).toEqual(['issue-a.txt']);
  });

  it('skips a second file of the same issue', async () => {
    const corpus = fixtureCorpus('issue-a.txt');
    copyFileSync(path.join(corpus, 'issue-a.txt'), path.join(corpus, 'issue-a-copy.txt'));
    const report = await ingest({ corpusDir: corpus, indexDir: tempDir() });
    expect(report.issues).toBe(1);
    expect(report.failed[0]!.error).toMatch(/same issue \(总第301期\)/);
  });

  it('rebuilds when chunk settings change', async () => {
    const corpus = fixtureCorpus('issue-a.txt');
    const indexDir = tempDir();
    await ingest({ corpusDir: corpus, indexDir });
    const report = await ingest({ corpusDir: corpus, indexDir, chunkSettings: { maxChars: 200, minChars: 80, overlapChars: 40 } });
    expect(report.changed).toBe(true);
    expect(report.updated).toEqual(['issue-a.txt']);
    expect((await loadIndex(indexDir)).corpus.chunks.every((c) => c.text.length <= 200)).toBe(true);
  });

  it('says clearly when the corpus folder does not exist', async () => {
    await expect(ingest({ corpusDir: '/nonexistent/bulletins', indexDir: tempDir() })).rejects.toThrow(
      /bulletin folder not found: \/nonexistent\/bulletins/,
    );
  });

  it('refuses to load a damaged index with a message that says how to fix it', async () => {
    const indexDir = tempDir();
    await ingest({ corpusDir: fixtureCorpus('issue-a.txt'), indexDir });
    const manifest = manifestOf(indexDir);
    writeFileSync(path.join(indexDir, manifest.corpusFile), '{"truncated');
    await expect(loadIndex(indexDir)).rejects.toThrow(/missing or damaged.*npm run ingest/);
    await expect(loadIndex(tempDir())).rejects.toThrow(/no index in .* \(run `npm run ingest` first\)/);
  });
});
