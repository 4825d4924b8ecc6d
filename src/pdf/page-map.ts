import type { Article } from '../bulletin/types.js';

/** Per PDF page (index 0 = page 1), its printed page number, or null for unnumbered front matter. */
export type PageMap = Array<number | null>;

/**
 * Printed pages from the numbers in the footers: a page that shows one keeps it; a page without
 * one (a full-page picture, front matter) is counted on from the nearest numbered page, and is
 * unnumbered when that gives less than 1. Null when fewer than two pages carry a number or the
 * numbers do not agree on one offset for most pages (then the footers are not page numbers).
 */
export function pagesFromFooters(footerNumbers: Array<number | null>): PageMap | null {
  const numbered = footerNumbers.flatMap((n, i) => (n === null ? [] : [{ i, n }]));
  if (numbered.length < 2) return null;
  const offsets = numbered.map(({ i, n }) => i + 1 - n);
  const common = mostCommon(offsets);
  if (offsets.filter((o) => o === common).length < numbered.length / 2) return null;
  return footerNumbers.map((n, i) => {
    if (n !== null) return n;
    const nearest = numbered.reduce((best, x) => (Math.abs(x.i - i) < Math.abs(best.i - i) ? x : best));
    const counted = nearest.n + (i - nearest.i);
    return counted >= 1 ? counted : null;
  });
}

/**
 * Printed pages from the table of contents: `articles` were parsed with PDF page numbers, so each
 * title's page minus its TOC page is a candidate offset; the most common one holds for the file.
 */
export function pagesFromTocOffset(pageCount: number, articles: Article[]): { map: PageMap; offset: number } {
  const offsets = articles.flatMap((a) => (a.titlePage == null ? [] : [a.titlePage - a.toc.page]));
  const offset = offsets.length ? mostCommon(offsets) : 0;
  return { map: Array.from({ length: pageCount }, (_, i) => (i + 1 - offset >= 1 ? i + 1 - offset : null)), offset };
}

/** The most frequent value; ties go to the smaller, i.e. to fewer front-matter pages. */
function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
}
