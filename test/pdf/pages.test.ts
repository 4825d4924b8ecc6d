import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pdfToBulletinText, type PdfText } from '../../src/pdf/convert.js';
import { parseBulletin } from '../../src/bulletin/parse.js';
import type { Bulletin } from '../../src/domain/bulletin.js';
import { chunkBulletin } from '../../src/ingest/chunk.js';
import { splitSentences } from '../../src/text/sentences.js';
import { spansOfPieces } from '../../src/ingest/chunk-pages.js';
import { citationFromChunk } from '../../src/domain/citation.js';
import { formatPages } from '../../src/domain/format.js';
import { FIXTURE_BULLETINS } from '../helpers/paths.js';
import { pdfFixtures, printedText, readTruth, squash } from '../helpers/pdf-fixtures.js';

interface Case {
  name: 'issue-a' | 'issue-b';
  text: string;
  pdf: string;
  converted: PdfText;
  fromPdf: Bulletin;
}

const cases: Case[] = [];

beforeAll(async () => {
  const fx = await pdfFixtures();
  for (const [name, text, pdf] of [
    ['issue-a', 'issue-a.txt', fx.issueA],
    ['issue-b', 'issue-b.md', fx.issueB],
  ] as const) {
    const converted = await pdfToBulletinText(path.basename(pdf), readFileSync(pdf));
    cases.push({ name, text, pdf, converted, fromPdf: parseBulletin(path.basename(pdf), converted.text) });
  }
});

describe.each(['issue-a', 'issue-b'] as const)('%s.pdf', (name) => {
  const get = () => cases.find((c) => c.name === name)!;

  it('cites every sentence with the printed page it stands on', () => {
    const { fromPdf, pdf } = get();
    const truth = readTruth(pdf);
    const chunks = chunkBulletin(fromPdf);
    expect(chunks.length).toBeGreaterThan(10);
    let sentences = 0;
    for (const chunk of chunks) {
      const printed = printedText(truth, chunk.articleIndex);
      const pages = splitSentences(chunk.text).flatMap((sentence) => {
        const at = printed.text.indexOf(squash(sentence));
        expect(at, `"${sentence}" is printed in article ${chunk.articleIndex}`).toBeGreaterThanOrEqual(0);
        sentences++;
        return printed.pages.slice(at, at + squash(sentence).length);
      });
      // Exact: the chunk cites from the first to the last page its sentences stand on.
      expect(chunk.pages, chunk.text.slice(0, 30)).toEqual({ start: Math.min(...pages), end: Math.max(...pages) });
    }
    expect(sentences).toBeGreaterThan(30);
  });

  it('yields the same bulletin as the text file it was printed from', () => {
    const { fromPdf, text } = get();
    const fromText = parseBulletin(text, readFileSync(path.join(FIXTURE_BULLETINS, text), 'utf8'));
    expect(fromPdf.cover).toEqual(fromText.cover);
    expect(fromPdf.masthead).toEqual(fromText.masthead);
    expect(fromPdf.toc).toEqual(fromText.toc);
    expect(fromPdf.articles).toHaveLength(fromText.articles.length);
    fromPdf.articles.forEach((a, i) => {
      const b = fromText.articles[i]!;
      expect(squash(a.printedTitle)).toBe(squash(b.printedTitle));
      expect(squash(a.editorNote)).toBe(squash(b.editorNote));
      expect([a.documentNumber, a.source]).toEqual([b.documentNumber, b.source]);
      expect(a.paragraphs.map((p) => [p.sectionPath, squash(p.text)])).toEqual(b.paragraphs.map((p) => [p.sectionPath, squash(p.text)]));
    });
    expect(fromPdf.warnings).toEqual([]);
  });

  it('finds every title on its TOC page', () => {
    for (const a of get().fromPdf.articles) expect(a.titlePage).toBe(a.toc.page);
  });
});

describe('known sentences of issue-a.pdf', () => {
  /** The pages of the sentence holding `needle`, from its paragraph's page breaks. */
  const pagesOf = (needle: string) => {
    const { fromPdf } = cases.find((c) => c.name === 'issue-a')!;
    const paragraph = fromPdf.articles.flatMap((a) => a.paragraphs).find((p) => p.text.includes(needle))!;
    const sentences = splitSentences(paragraph.text);
    const spans = spansOfPieces(paragraph.text, sentences, paragraph.pageBreaks);
    const chunk = chunkBulletin(fromPdf).find((c) => c.text.includes(needle))!;
    return { sentence: spans[sentences.findIndex((x) => x.includes(needle))], chunk: [chunk.pages.start, chunk.pages.end] };
  };

  it.each([
    ['到2033年，全国算力总规模超过580 EFLOPS', [2, 2]],
    ['到2032年底完成迁移机架不少于30万标准机架', [3, 4]],
    ['每架次补贴300元', [11, 11]],
    ['全国量子计算相关企业数量达到318家', [18, 18]],
  ])('"%s" stands on pages %j', (needle, expected) => {
    const { sentence, chunk } = pagesOf(needle);
    expect(sentence).toEqual(expected);
    expect(chunk[0]).toBeLessThanOrEqual(expected[0]!);
    expect(chunk[1]).toBeGreaterThanOrEqual(expected[1]!);
  });
});

describe('printed page numbers', () => {
  it('come from the footers when the pages show them', () => {
    const { converted } = cases.find((c) => c.name === 'issue-a')!;
    expect(converted.numbering).toEqual({ from: 'footers', disagreements: [] });
    // Cover, masthead and TOC are unnumbered; the body runs 1..20.
    expect(converted.pages).toEqual([null, null, null, ...Array.from({ length: 20 }, (_, i) => i + 1)]);
  });

  it('come from the offset between TOC and printed titles when no footer has a number', () => {
    const { converted } = cases.find((c) => c.name === 'issue-b')!;
    expect(converted.numbering).toEqual({ from: 'toc-offset', offset: 4, agreeing: 4, titles: 4, disagreements: [] });
    expect(converted.pages.slice(0, 5)).toEqual([null, null, null, null, 1]);
  });

  it('drop running headers and footers from the text', () => {
    for (const { converted } of cases) {
      expect(converted.text).not.toContain('内部资料 注意保存');
      expect(converted.text).not.toMatch(/大数据发展动态 2031年第\d+期/);
      expect(converted.text).not.toMatch(/^- \d+ -$/m);
    }
  });
});

describe('citations of PDF chunks', () => {
  it('say 第N页 for a passage on one page and 第N–M页 for one across a page break', () => {
    const { fromPdf, pdf } = cases.find((c) => c.name === 'issue-a')!;
    const chunks = chunkBulletin(fromPdf);
    const truth = readTruth(pdf);
    const subsidy = chunks.find((c) => c.text.includes('每架次补贴300元'))!;
    const printed = printedText(truth, subsidy.articleIndex);
    const page = printed.pages[printed.text.indexOf(squash('每架次补贴300元'))]!;
    expect(page).toBeGreaterThanOrEqual(11);
    expect(subsidy.pages.start).toBeLessThanOrEqual(page);
    expect(subsidy.pages.end).toBeGreaterThanOrEqual(page);
    const one = chunks.find((c) => c.pages.start === c.pages.end)!;
    expect(formatPages(citationFromChunk(one, '', 1))).toBe(`第${one.pages.start}页`);
    const across = chunks.find((c) => c.pages.end !== null && c.pages.end > c.pages.start)!;
    expect(formatPages(citationFromChunk(across, '', 1))).toBe(`第${across.pages.start}–${across.pages.end}页`);
    for (const c of chunks) {
      const toc = fromPdf.articles[c.articleIndex]!.toc;
      expect(c.pages.start).toBeGreaterThanOrEqual(toc.page);
      expect(c.pages.end!).toBeLessThanOrEqual(toc.endPage ?? Infinity);
      expect(formatPages(citationFromChunk(c, '', 1))).toMatch(/^第\d+(–\d+)?页$/);
    }
  });
});
