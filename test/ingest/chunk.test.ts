import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseBulletin } from '../../src/bulletin/parse.js';
import { chunkBulletin } from '../../src/ingest/chunk.js';
import { DEFAULT_CHUNK_SETTINGS } from '../../src/ingest/chunk-settings.js';
import { splitSentences } from '../../src/text/sentences.js';
import { FIXTURE_BULLETINS, SHARED_BULLETINS, sharedMissing } from '../helpers/paths.js';
import { itShared } from '../helpers/shared.js';

const bulletins = (sharedMissing(['bulletins']) ? [] : readdirSync(SHARED_BULLETINS))
  .sort()
  .map((f) => parseBulletin(f, readFileSync(path.join(SHARED_BULLETINS, f), 'utf8')));

describe('chunkBulletin', () => {
  const chunks = bulletins.flatMap((b) => chunkBulletin(b));

  itShared(['bulletins'], 'fits a 512-token model: no chunk over the character budget', () => {
    expect(chunks.length).toBeGreaterThan(300);
    for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(DEFAULT_CHUNK_SETTINGS.maxChars);
  });

  itShared(['bulletins'], 'never cuts a sentence: every sentence of the source lies whole inside some chunk', () => {
    for (const b of bulletins) {
      const own = chunkBulletin(b);
      for (const [i, article] of b.articles.entries()) {
        const text = own.filter((c) => c.articleIndex === i).map((c) => c.text);
        for (const p of article.paragraphs) {
          for (const sentence of splitSentences(p.text)) {
            if (sentence.length > DEFAULT_CHUNK_SETTINGS.maxChars) continue;
            expect(text.some((t) => t.includes(sentence))).toBe(true);
          }
        }
      }
    }
  });

  itShared(['bulletins'], 'carries issue, category, title, section path and the TOC page range', () => {
    const b = bulletins.find((x) => x.cover.total === 147)!;
    const guizhou = chunkBulletin(b).filter((c) => c.title.startsWith('贵州省工业领域数字化转型'));
    expect(guizhou.length).toBeGreaterThan(3);
    for (const c of guizhou) {
      expect(c.issue).toEqual({ year: 2023, number: 36, total: 147, date: '2023-09-08' });
      expect(c.category).toBe('地方新政');
      expect(c.pages).toEqual({ start: 7, end: 11 });
    }
    expect(guizhou[0]!.kind).toBe('editor-note');
    expect(guizhou.some((c) => c.sectionPath[0] === '一、总体要求')).toBe(true);
    const last = chunkBulletin(b).at(-1)!;
    expect(last.pages).toEqual({ start: 34, end: null });
  });

  itShared(['bulletins'], 'overlaps consecutive chunks of one section by a sentence', () => {
    const overlapping = chunks.filter((c, i) => {
      const prev = chunks[i - 1];
      if (!prev || prev.articleIndex !== c.articleIndex || prev.issue.total !== c.issue.total) return false;
      const lastSentence = splitSentences(prev.text).at(-1)!;
      return c.text.startsWith(lastSentence);
    });
    expect(overlapping.length).toBeGreaterThan(20);
  });

  itShared(['bulletins'], 'gives stable ids: the same input gives the same ids, a changed text changes its id only', () => {
    const b = bulletins[0]!;
    const again = chunkBulletin(parseBulletin(b.file, readFileSync(path.join(SHARED_BULLETINS, b.file), 'utf8')));
    expect(again.map((c) => c.id)).toEqual(chunkBulletin(b).map((c) => c.id));
    expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
  });

  it('chunks the Markdown fixture with its section headings', () => {
    const b = parseBulletin('issue-b.md', readFileSync(path.join(FIXTURE_BULLETINS, 'issue-b.md'), 'utf8'));
    const cs = chunkBulletin(b);
    expect(cs.every((c) => c.file === 'issue-b.md')).toBe(true);
    expect(cs.some((c) => c.sectionPath.length > 0 && /^[一二三四五六七八九十]+、/.test(c.sectionPath[0]!))).toBe(true);
  });
});
