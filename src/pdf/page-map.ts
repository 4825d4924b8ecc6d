import type { Article } from '../domain/bulletin.js';

/** Per PDF page (index 0 = page 1), its printed page number, or null for unnumbered front matter. */
export type PageMap = Array<number | null>;

/** A PDF page whose printed number does not fit the numbering of the pages around it. */
export interface PageDisagreement {
  /** 1-based page of the PDF file. */
  pdfPage: number;
  /** What the page shows: its footer's number, or (TOC offset) the TOC page of a title printed on it. */
  shows: number;
  /** The number it is cited with. */
  cited: number | null;
  /** For the TOC offset: the title whose page disagrees. */
  title?: string;
}

/**
 * Printed pages from the numbers in the footers: a page that shows one keeps it; a page without
 * one (a full-page picture, front matter) is counted on from the nearest numbered page, and is
 * unnumbered when that gives less than 1. A number that disagrees with the numbered pages on both
 * sides of it (a stray figure in the bottom band, a misprint) is counted on from its neighbours
 * instead and reported; a run of pages that agree among themselves (numbering that jumps past an
 * unnumbered insert) keeps its numbers. Null when fewer than two pages carry a number or the
 * numbers do not agree on one offset for most pages (then the footers are not page numbers).
 */
export function pagesFromFooters(footerNumbers: Array<number | null>): { map: PageMap; disagreements: PageDisagreement[] } | null {
  const numbered = footerNumbers.flatMap((n, i) => (n === null ? [] : [{ i, n, offset: i + 1 - n }]));
  if (numbered.length < 2) return null;
  const common = mostCommon(numbered.map((x) => x.offset));
  if (numbered.filter((x) => x.offset === common).length < numbered.length / 2) return null;

  const outlier = (k: number) => {
    const { offset } = numbered[k]!;
    const before = numbered[k - 1]?.offset;
    const after = numbered[k + 1]?.offset;
    return offset !== common && before !== offset && after !== offset;
  };
  const trusted = numbered.filter((_, k) => !outlier(k));
  const disagreements: PageDisagreement[] = [];
  const map = footerNumbers.map((n, i) => {
    const own = trusted.find((x) => x.i === i);
    if (own) return own.n;
    const nearest = trusted.reduce((best, x) => (Math.abs(x.i - i) < Math.abs(best.i - i) ? x : best));
    const counted = nearest.n + (i - nearest.i);
    const cited = counted >= 1 ? counted : null;
    if (n !== null) disagreements.push({ pdfPage: i + 1, shows: n, cited });
    return cited;
  });
  return { map, disagreements };
}

/**
 * Printed pages from the table of contents: `articles` were parsed with PDF page numbers, so each
 * title's page minus its TOC page is a candidate offset; the most common one holds for the file.
 * Titles printed elsewhere are reported.
 */
export function pagesFromTocOffset(
  pageCount: number,
  articles: Article[],
): { map: PageMap; offset: number; agreeing: number; disagreements: PageDisagreement[] } {
  const placed = articles.filter((a) => a.titlePage != null);
  const offsets = placed.map((a) => a.titlePage! - a.toc.page);
  const offset = offsets.length ? mostCommon(offsets) : 0;
  const map = Array.from({ length: pageCount }, (_, i) => (i + 1 - offset >= 1 ? i + 1 - offset : null));
  const disagreements = placed
    .filter((a) => a.titlePage! - a.toc.page !== offset)
    .map((a) => ({ pdfPage: a.titlePage!, shows: a.toc.page, cited: map[a.titlePage! - 1] ?? null, title: a.toc.title }));
  return { map, offset, agreeing: placed.length - disagreements.length, disagreements };
}

/** The most frequent value; ties go to the smaller, i.e. to fewer front-matter pages. */
function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
}
