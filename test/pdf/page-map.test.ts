import { describe, expect, it } from 'vitest';
import { pagesFromFooters, pagesFromTocOffset } from '../../src/pdf/page-map.js';
import { describeNumbering } from '../../src/pdf/notes.js';
import type { Article } from '../../src/domain/bulletin.js';

describe('printed pages from the footers', () => {
  it('count unnumbered front pages as null and pages without a footer from their neighbours', () => {
    expect(pagesFromFooters([null, null, 1, 2, null, 4])).toEqual({ map: [null, null, 1, 2, 3, 4], disagreements: [] });
  });

  it('replace a number that disagrees with both neighbours, and say so', () => {
    const found = pagesFromFooters([null, null, null, 1, 2, 9, 4, 5])!;
    expect(found.map).toEqual([null, null, null, 1, 2, 3, 4, 5]);
    expect(found.disagreements).toEqual([{ pdfPage: 6, shows: 9, cited: 3 }]);
    expect(describeNumbering({ from: 'footers', disagreements: found.disagreements }, found.map)).toEqual([
      'printed pages from the footers: PDF pages 4–8 are printed pages 1–5, PDF pages 1–3 unnumbered (cover, masthead, contents)',
      'PDF page 6: the footer shows 9, the pages around it count 3; cited as 3',
    ]);
  });

  it('keep a jump that the pages after it agree with (an unnumbered insert)', () => {
    expect(pagesFromFooters([1, 2, 3, 4, null, null, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])).toEqual({
      map: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
      disagreements: [],
    });
    expect(pagesFromFooters([1, 2, 3, 4, 5, 6, 9, 10, 11])!.map).toEqual([1, 2, 3, 4, 5, 6, 9, 10, 11]);
  });

  it('are not page numbers when they do not agree on one offset for most pages', () => {
    expect(pagesFromFooters([3, 17, 5, 40, 2])).toBeNull();
    expect(pagesFromFooters([null, 1, null])).toBeNull();
  });
});

describe('printed pages from the table of contents', () => {
  const article = (title: string, toc: number, printedOnPdfPage: number): Article =>
    ({ toc: { category: '', page: toc, endPage: null, title }, titlePage: printedOnPdfPage }) as Article;

  it('take the offset most titles agree on and report the others', () => {
    const found = pagesFromTocOffset(12, [article('甲', 1, 4), article('乙', 3, 6), article('丙', 5, 9), article('丁', 7, 10)]);
    expect(found.offset).toBe(3);
    expect(found.map.slice(0, 5)).toEqual([null, null, null, 1, 2]);
    expect(found.disagreements).toEqual([{ pdfPage: 9, shows: 5, cited: 6, title: '丙' }]);
    expect(
      describeNumbering({ from: 'toc-offset', offset: 3, agreeing: 3, titles: 4, disagreements: found.disagreements }, found.map),
    ).toEqual([
      'printed pages from the table of contents (PDF page − 3, 3 of 4 titles agree): PDF pages 4–12 are printed pages 1–9, PDF pages 1–3 unnumbered (cover, masthead, contents)',
      'PDF page 9: "丙" is printed here (page 6), the table of contents gives page 5',
    ]);
  });
});
