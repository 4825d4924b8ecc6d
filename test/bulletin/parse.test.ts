import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseBulletin } from '../../src/bulletin/parse.js';
import { BulletinParseError } from '../../src/bulletin/parse-error.js';
import { titleKey, bigramDice } from '../../src/bulletin/normalize.js';
import { FIXTURE_BULLETINS, SHARED_BULLETINS, SHARED_ISSUES } from '../helpers/paths.js';
import { describeShared } from '../helpers/shared.js';

interface Truth {
  date: string;
  year: number;
  number: number;
  total: number;
  toc: Array<{ page: number; title: string; end: number | null }>;
}

describeShared(['bulletins', 'eval'], 'parseBulletin on the five real bulletins', () => {
  const truth = JSON.parse(readFileSync(SHARED_ISSUES, 'utf8')) as Record<string, Truth>;
  const files = readdirSync(SHARED_BULLETINS).sort();

  it('finds all five files', () => {
    expect(files).toHaveLength(5);
    expect(Object.keys(truth).sort()).toEqual(files);
  });

  for (const file of files) {
    describe(file, () => {
      const bulletin = parseBulletin(file, readFileSync(path.join(SHARED_BULLETINS, file), 'utf8'));
      const expected = truth[file]!;

      it('reads the cover numbers', () => {
        expect(bulletin.cover).toMatchObject({ date: expected.date, year: expected.year, number: expected.number, total: expected.total });
        expect(bulletin.cover.headline.length).toBeGreaterThan(4);
      });

      it('matches every TOC entry to an article with its page range', () => {
        expect(bulletin.articles.map((a) => [a.toc.page, a.toc.endPage])).toEqual(expected.toc.map((t) => [t.page, t.end]));
        bulletin.articles.forEach((a, i) => {
          expect(titleKey(a.toc.title)).toBe(titleKey(expected.toc[i]!.title));
          expect(bigramDice(titleKey(a.printedTitle), titleKey(a.toc.title))).toBeGreaterThan(0.45);
          expect(a.paragraphs.length).toBeGreaterThan(2);
        });
      });

      it('assigns every entry a known category', () => {
        for (const entry of bulletin.toc) expect(['国策要论', '地方新政', '产业镜像', '前沿观察', '企业动向']).toContain(entry.category);
      });

      it('keeps masthead, disclaimer and TOC out of article text', () => {
        const text = bulletin.articles.flatMap((a) => a.paragraphs.map((p) => p.text)).join('\n');
        expect(text).not.toMatch(/本\s*期\s*要\s*目/);
        expect(text).not.toContain('内部交流学习资料');
        expect(text).not.toMatch(/联合主编/);
        expect(bulletin.masthead.roles['主编']).toBe('贵阳智能大数据战略研究院');
      });
    });
  }

  it('reads editor notes, document numbers, sources and section paths', () => {
    const file = files.find((f) => truth[f]!.total === 147)!;
    const bulletin = parseBulletin(file, readFileSync(path.join(SHARED_BULLETINS, file), 'utf8'));
    const guizhou = bulletin.articles.find((a) => a.toc.page === 7)!;
    expect(guizhou.documentNumber).toBe('黔工信〔2023〕42号');
    expect(guizhou.source).toBe('贵州省工业和信息化厅');
    expect(guizhou.editorNote).toBeTruthy();
    expect(guizhou.paragraphs.some((p) => p.sectionPath[0] === '一、总体要求' && p.sectionPath.length === 2)).toBe(true);
    expect(guizhou.paragraphs.map((p) => p.text).join('')).not.toContain('（来源：');
  });
});

describe('parseBulletin on written fixtures', () => {
  const read = (name: string) => readFileSync(path.join(FIXTURE_BULLETINS, name), 'utf8');

  it('parses the plain fixture, joining a wrapped TOC title', () => {
    const b = parseBulletin('issue-a.txt', read('issue-a.txt'));
    expect(b.cover).toMatchObject({ date: '2031-03-07', number: 9, total: 301 });
    expect(b.toc.map((t) => t.page)).toEqual([1, 6, 11, 17, 20]);
    expect(b.toc[2]!.title).toContain('(征求意见稿)');
    expect(b.toc.at(-1)!.endPage).toBeNull();
  });

  it('parses the Markdown fixture', () => {
    const b = parseBulletin('issue-b.md', read('issue-b.md'));
    expect(b.cover).toMatchObject({ date: '2031-03-14', number: 10, total: 302 });
    expect(b.toc.map((t) => [t.category, t.page])).toEqual([
      ['国策要论', 1],
      ['地方新政', 4],
      ['产业镜像', 9],
      ['企业动向', 13],
    ]);
    expect(b.articles.every((a) => a.source)).toBe(true);
  });

  const errors: Array<[string, string | null, RegExp]> = [
    ['bad-empty.txt', null, /bad-empty\.txt: the file is empty/],
    ['bad-no-toc.txt', null, /bad-no-toc\.txt: no table of contents/],
    ['bad-no-cover.txt', null, /bad-no-cover\.txt: no cover date/],
    [
      'bad-missing-article.txt',
      null,
      /bad-missing-article\.txt: table of contents entry "青川省数字经济核心产业倍增计划" \(page 5\) has no article/,
    ],
    ['binary.txt', '\u0000\u0001\u0002PK\u0003\u0004'.repeat(100), /binary\.txt: the file is binary/],
    ['one-line.txt', '数'.repeat(5 * 1024 * 1024), /one-line\.txt: no table of contents/],
  ];
  for (const [name, content, message] of errors) {
    it(`rejects ${name} with a specific error`, () => {
      const text = content ?? read(name);
      expect(() => parseBulletin(name, text)).toThrow(BulletinParseError);
      expect(() => parseBulletin(name, text)).toThrow(message);
    });
  }
});
