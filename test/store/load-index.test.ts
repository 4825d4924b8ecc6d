import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../src/ingest/ingest.js';
import { IndexFormatError, loadIndex } from '../../src/store/load-index.js';
import { MANIFEST_FILE, type Manifest } from '../../src/store/manifest.js';
import { createLogger } from '../../src/util/log.js';
import { FIXTURE_BULLETINS, fixtureCorpus, tempDir } from '../helpers/paths.js';

const manifestOf = (indexDir: string) => JSON.parse(readFileSync(path.join(indexDir, MANIFEST_FILE), 'utf8')) as Manifest;
const filesIn = (dir: string) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => statSync(path.join(dir, f)).isFile());

describe('index generations on disk', () => {
  it('adds an issue by writing its segment, a catalogue and the manifest, and nothing else', async () => {
    const corpus = fixtureCorpus('issue-a.txt', 'issue-b.md');
    const indexDir = tempDir();
    await ingest({ corpusDir: corpus, indexDir });
    const before = new Map(filesIn(indexDir).map((f) => [f, readFileSync(path.join(indexDir, f))]));

    copyFileSync(path.join(FIXTURE_BULLETINS, 'injection.txt'), path.join(corpus, 'injection.txt'));
    const report = await ingest({ corpusDir: corpus, indexDir });
    expect(report).toMatchObject({ added: ['injection.txt'], changed: true });
    const after = filesIn(indexDir);
    const created = after.filter((f) => !before.has(f));
    const manifest = manifestOf(indexDir);
    expect(created.sort()).toEqual([manifest.corpusFile, manifest.files['injection.txt']!.segment].sort());
    for (const [file, bytes] of before) if (file !== MANIFEST_FILE) expect(readFileSync(path.join(indexDir, file))).toEqual(bytes);
    // The new issue is searchable, and the older chunks keep their numbers (it is the newest issue).
    const index = await loadIndex(indexDir);
    expect(index.order).toEqual(['issue-a.txt', 'issue-b.md', 'injection.txt']);
    expect(index.corpus.chunks.at(-1)!.file).toBe('injection.txt');
    const hit = index.keyword.search(['政务', '数据', '共享', '响应'], 1)[0]!;
    expect(index.corpus.chunks[hit.doc]!.file).toBe('injection.txt');
  });

  it('refuses a segment that was changed, truncated or deleted, naming the file and the fix', async () => {
    const indexDir = tempDir();
    await ingest({ corpusDir: fixtureCorpus('issue-a.txt', 'issue-b.md'), indexDir });
    const segment = path.join(indexDir, manifestOf(indexDir).files['issue-b.md']!.segment);
    const good = readFileSync(segment);

    const flipped = Buffer.from(good);
    flipped[Math.floor(flipped.length / 2)]! ^= 0x40;
    writeFileSync(segment, flipped);
    await expect(loadIndex(indexDir)).rejects.toThrow(
      /segments\/.*\.seg is damaged \(size or checksum differs from the manifest\); run `npm run ingest -- --verify` to rebuild it/,
    );

    writeFileSync(segment, good.subarray(0, good.length - 100));
    await expect(loadIndex(indexDir)).rejects.toThrow(/is damaged/);

    rmSync(segment);
    await expect(loadIndex(indexDir)).rejects.toThrow(/\.seg is missing \(ENOENT\); run `npm run ingest`/);
  });

  it('rebuilds a damaged or missing segment on the next ingest', async () => {
    const corpus = fixtureCorpus('issue-a.txt', 'issue-b.md', 'injection.txt');
    const indexDir = tempDir();
    await ingest({ corpusDir: corpus, indexDir });
    const manifest = manifestOf(indexDir);
    rmSync(path.join(indexDir, manifest.files['issue-a.txt']!.segment));
    const flipped = readFileSync(path.join(indexDir, manifest.files['injection.txt']!.segment));
    flipped[100]! ^= 1;
    writeFileSync(path.join(indexDir, manifest.files['injection.txt']!.segment), flipped);
    await expect(loadIndex(indexDir)).rejects.toThrow(/npm run ingest/);
    const report = await ingest({ corpusDir: corpus, indexDir });
    expect(report).toMatchObject({ updated: ['injection.txt', 'issue-a.txt'], unchanged: ['issue-b.md'] });
    expect((await loadIndex(indexDir)).corpus.bulletins).toHaveLength(3);
  });

  it('does not load an index of the old format, and the next ingest rebuilds it with one clear line', async () => {
    const corpus = fixtureCorpus('issue-a.txt');
    const indexDir = tempDir();
    // The format-1 layout: whole-corpus JSON files and per-file caches.
    mkdirSync(path.join(indexDir, 'files'));
    writeFileSync(path.join(indexDir, 'corpus-0123456789abcdef.json'), '{"bulletins":[],"chunks":[]}');
    writeFileSync(path.join(indexDir, 'keyword-0123456789abcdef.json'), '{}');
    writeFileSync(path.join(indexDir, 'files', 'abc-def.json'), '{}');
    writeFileSync(
      path.join(indexDir, MANIFEST_FILE),
      JSON.stringify({
        formatVersion: 1,
        builtAt: '',
        settingsKey: 'x',
        settings: {},
        files: {},
        failed: {},
        corpusFile: 'corpus-0123456789abcdef.json',
        keywordFile: 'keyword-0123456789abcdef.json',
      }),
    );
    await expect(loadIndex(indexDir)).rejects.toThrow(IndexFormatError);
    await expect(loadIndex(indexDir)).rejects.toThrow(
      /holds an index of format 1; this version reads format 2 .* run `npm run ingest` to rebuild it/,
    );

    const lines: string[] = [];
    const report = await ingest({ corpusDir: corpus, indexDir }, { log: createLogger('info', (l) => lines.push(l)) });
    expect(report).toMatchObject({ added: ['issue-a.txt'], changed: true });
    expect(lines.filter((l) => l.includes('has format 1; this version writes format 2'))).toHaveLength(1);
    expect((await loadIndex(indexDir)).corpus.bulletins).toHaveLength(1);
    expect(filesIn(indexDir).filter((f) => f.startsWith('keyword-') || f.startsWith('files'))).toEqual([]);
  });
});

describe('quick check by size and time, and --verify', () => {
  it('trusts files whose size and time are as recorded, and still notices a changed bulletin', async () => {
    const corpus = fixtureCorpus('issue-a.txt', 'issue-b.md');
    const indexDir = tempDir();
    await ingest({ corpusDir: corpus, indexDir, verify: 'checksums' });
    const quick = await ingest({ corpusDir: corpus, indexDir, verify: 'stat' });
    expect(quick).toMatchObject({ changed: false, unchanged: ['issue-a.txt', 'issue-b.md'] });

    // Same size, new content, new time: hashed again and re-indexed.
    const file = path.join(corpus, 'issue-b.md');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('18640亿元', '18641亿元'));
    const changed = await ingest({ corpusDir: corpus, indexDir, verify: 'stat' });
    expect(changed).toMatchObject({ updated: ['issue-b.md'], unchanged: ['issue-a.txt'] });
    expect((await loadIndex(indexDir)).corpus.chunks.some((c) => c.text.includes('18641亿元'))).toBe(true);

    // A segment damaged behind ingest's back, size and time restored: the quick check cannot see it,
    // the load refuses it, and `npm run ingest -- --verify` (checksums) repairs it.
    const manifest = manifestOf(indexDir);
    const segment = path.join(indexDir, manifest.files['issue-a.txt']!.segment);
    const bytes = readFileSync(segment);
    bytes[bytes.length - 3]! ^= 0xff;
    writeFileSync(segment, bytes);
    // (A whole second, so that the recorded time can be matched exactly.)
    utimesSync(segment, 1_900_000_000, 1_900_000_000);
    manifest.files['issue-a.txt']!.segmentMtimeMs = 1_900_000_000_000;
    writeFileSync(path.join(indexDir, MANIFEST_FILE), JSON.stringify(manifest));
    expect((await ingest({ corpusDir: corpus, indexDir, verify: 'stat' })).changed).toBe(false);
    await expect(loadIndex(indexDir)).rejects.toThrow(/is damaged/);
    expect(await ingest({ corpusDir: corpus, indexDir })).toMatchObject({ changed: false });
    expect(await ingest({ corpusDir: corpus, indexDir, verify: 'checksums' })).toMatchObject({ updated: ['issue-a.txt'], changed: true });
    expect((await loadIndex(indexDir)).corpus.bulletins).toHaveLength(2);
  });
});

describe('repair', () => {
  it('writes the catalogue again when it is damaged, though no bulletin changed', async () => {
    const corpus = fixtureCorpus('issue-a.txt', 'issue-b.md');
    const indexDir = tempDir();
    await ingest({ corpusDir: corpus, indexDir });
    writeFileSync(path.join(indexDir, manifestOf(indexDir).corpusFile), '{"corrupt": ');
    await expect(loadIndex(indexDir)).rejects.toThrow(/corpus-.*\.json is missing or damaged/);
    expect((await ingest({ corpusDir: corpus, indexDir, verify: 'stat' })).changed).toBe(true);
    expect((await loadIndex(indexDir)).corpus.bulletins.map((b) => b.cover.total)).toEqual([301, 302]);
    expect((await ingest({ corpusDir: corpus, indexDir })).changed).toBe(false);
  });
});
