import type { PageBreak, TocEntry } from '../domain/bulletin.js';

/** First and last printed page of a piece of text. */
export type PageSpan = [number, number];

/** The printed page of the character at `offset`: the last break at or before it. */
export function pageAt(breaks: PageBreak[], offset: number): number {
  let page = breaks[0]!.page;
  for (const b of breaks) {
    if (b.offset > offset) break;
    page = b.page;
  }
  return page;
}

/**
 * The page span of each piece, where `pieces` are substrings of `text` in order (sentences,
 * trimmed): each is found after the previous one. Null for every piece when the text has no pages.
 */
export function spansOfPieces(text: string, pieces: string[], breaks: PageBreak[] | undefined): Array<PageSpan | null> {
  if (!breaks?.length) return pieces.map(() => null);
  let cursor = 0;
  return pieces.map((piece) => {
    const at = text.indexOf(piece, cursor);
    if (at < 0) return null;
    cursor = at + piece.length;
    return [pageAt(breaks, at), pageAt(breaks, at + Math.max(0, piece.length - 1))];
  });
}

/** The union of spans; null when any is unknown (then the article's TOC range is cited). */
export function unionOfSpans(spans: Array<PageSpan | null>): PageSpan | null {
  if (!spans.length || spans.some((s) => s === null)) return null;
  return [Math.min(...spans.map((s) => s![0])), Math.max(...spans.map((s) => s![1]))];
}

/**
 * Keeps a chunk's exact pages inside its article's TOC range, which is what a citation promises
 * the reader. Returns the kept span and, when it had to move, why.
 */
export function clampToToc(span: PageSpan, toc: Pick<TocEntry, 'page' | 'endPage' | 'title'>): { span: PageSpan; warning: string | null } {
  const last = toc.endPage ?? Infinity;
  const start = Math.min(Math.max(span[0], toc.page), last);
  const end = Math.max(Math.min(span[1], last), start);
  if (start === span[0] && end === span[1]) return { span, warning: null };
  const range = toc.endPage === null ? `${toc.page}–` : `${toc.page}–${toc.endPage}`;
  return {
    span: [start, end],
    warning: `"${toc.title}": a passage on pages ${span[0]}–${span[1]} lies outside the article's TOC range ${range}; cited as ${start}–${end}`,
  };
}
