import type { Glyph, PageGlyphs } from './glyphs.js';

/** A box to highlight, in PDF points from the page's top left. */
export interface HighlightRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Where a quote stands on one page: one box per printed line it covers. */
export interface PageHighlight {
  /** 1-based page of the PDF file. */
  pdfPage: number;
  rects: HighlightRect[];
}

/**
 * A quote matches when this share of its characters is found in order on the pages (the rest
 * may differ: a word the PDF's font maps to another code point, a character OCR misread). Below
 * it, the sentence is taken as not on these pages rather than marking something else.
 */
export const MIN_MATCHED_SHARE = 0.6;
/** Pieces of the quote looked up when it does not occur as it is (long enough to be rare on a page). */
const PIECE = 6;
/** A piece counts for the same placement when it lands within this many characters of it (a footer left in, a character dropped). */
const DRIFT = 12;
/** Highlights reach this far beyond the glyphs' boxes, in points, so the first and last characters are covered whole. */
const PAD = 0.8;

/**
 * Finds a quote on pages (in page order, read on across page breaks) and returns its boxes per
 * page, or null when it is not there. Characters are compared as letters and digits only, width-
 * folded: punctuation, spaces and table rules differ between a chunk's text and the printed page.
 * A quote that does not occur exactly is placed by its pieces: each piece found votes for where
 * the quote starts, and the placement most pieces agree on wins if it covers enough of the quote.
 */
export function locateQuote(pages: PageGlyphs[], quote: string): PageHighlight[] | null {
  const wanted = keyOf(quote);
  if (wanted.length < 2) return null;
  const glyphs = pages.flatMap((page) => page.glyphs.map((glyph) => ({ page: page.index, glyph })));
  // The compared text, and for each of its characters the glyph it came from.
  const from: number[] = [];
  let text = '';
  glyphs.forEach(({ glyph }, i) => {
    for (const key of keyOf(glyph.char)) {
      text += key;
      from.push(i);
    }
  });
  const exact = text.indexOf(wanted);
  const span = exact >= 0 ? { start: exact, end: exact + wanted.length } : placeByPieces(text, wanted);
  if (!span) return null;
  const first = from[span.start]!;
  let last = from[span.end - 1]!;
  // The sentence's closing punctuation (。” ；) is part of it, though not compared.
  while (
    last + 1 < glyphs.length &&
    !keyOf(glyphs[last + 1]!.glyph.char) &&
    glyphs[last + 1]!.glyph.line === glyphs[last]!.glyph.line &&
    last - from[span.end - 1]! < 2
  )
    last++;
  const byLine = new Map<string, { page: number; glyphs: Glyph[] }>();
  for (const { page, glyph } of glyphs.slice(first, last + 1)) {
    const key = `${page}:${glyph.line}`;
    const entry = byLine.get(key) ?? { page, glyphs: [] };
    entry.glyphs.push(glyph);
    byLine.set(key, entry);
  }
  const result = new Map<number, HighlightRect[]>();
  for (const { page, glyphs } of byLine.values()) {
    const rects = result.get(page) ?? [];
    rects.push({
      left: Math.min(...glyphs.map((g) => g.left)) - PAD,
      right: Math.max(...glyphs.map((g) => g.right)) + PAD,
      top: Math.min(...glyphs.map((g) => g.top)),
      bottom: Math.max(...glyphs.map((g) => g.bottom)),
    });
    result.set(page, rects);
  }
  return [...result].sort((a, b) => a[0] - b[0]).map(([pdfPage, rects]) => ({ pdfPage, rects }));
}

/** Letters and digits only, width-folded and lower case: what a quote and a printed page must share. */
export function keyOf(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

function placeByPieces(text: string, wanted: string): { start: number; end: number } | null {
  const votes = new Map<number, Array<{ at: number; offset: number }>>();
  for (let offset = 0; offset + PIECE <= wanted.length; offset += Math.ceil(PIECE / 2)) {
    const piece = wanted.slice(offset, offset + PIECE);
    for (let at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, at + 1)) {
      const start = at - offset;
      const list = votes.get(start) ?? [];
      list.push({ at, offset });
      votes.set(start, list);
    }
  }
  let best: { start: number; hits: Array<{ at: number; offset: number }> } | null = null;
  for (const start of votes.keys()) {
    const hits = [...votes].filter(([s]) => Math.abs(s - start) <= DRIFT).flatMap(([, h]) => h);
    if (!best || hits.length > best.hits.length) best = { start, hits };
  }
  if (!best) return null;
  const covered = new Set(best.hits.flatMap((h) => Array.from({ length: PIECE }, (_, i) => h.offset + i)));
  if (covered.size < MIN_MATCHED_SHARE * wanted.length) return null;
  const first = Math.min(...best.hits.map((h) => h.at - h.offset));
  const last = Math.max(...best.hits.map((h) => h.at + (wanted.length - h.offset)));
  return { start: Math.max(0, first), end: Math.min(text.length, last) };
}
