import type { PdfPageLines } from './lines.js';
import { bigramDice } from '../bulletin/normalize.js';

/** The top and bottom tenth of a page is where running headers, footers and page numbers stand. */
const BAND = 0.1;
/** A printed page number: "9", "- 9 -", "— 9 —", "第9页", "9 / 60". */
const PAGE_NUMBER = /^[-—–－‐\s]*(?:第\s*)?(\d{1,3})(?:\s*页)?(?:\s*\/\s*\d{1,3})?[-—–－‐\s]*$/;

export interface Defurnished {
  pages: PdfPageLines[];
  /** Per page, the number printed in its header or footer, or null. */
  footerNumbers: Array<number | null>;
}

/**
 * Removes running headers and footers, and reads the printed page numbers they carry. A line in
 * the top or bottom band is furniture when it is a page number, or when the same line (digits aside:
 * "2031年第9期" headers carry the issue, footers the page) recurs in the bands of several pages.
 */
export function removeFurniture(pages: PdfPageLines[]): Defurnished {
  const inBand = (page: PdfPageLines, top: number) => top < page.height * BAND || top > page.height * (1 - BAND);
  const key = (text: string) => text.replace(/\d+/g, '#').replace(/\s/g, '');
  const seen = new Map<string, number>();
  for (const page of pages) {
    const keys = new Set(page.lines.filter((l) => inBand(page, l.top)).map((l) => key(l.text)));
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const threshold = Math.max(3, pages.length * 0.25);
  const headers = [...seen].filter(([, n]) => n >= threshold).map(([k]) => k);
  // A page read by OCR may misread a character of the running header ("第15其"): close enough counts.
  const recurring = (text: string) =>
    (seen.get(key(text)) ?? 0) >= threshold || headers.some((h) => h.length >= 6 && bigramDice(h, key(text)) >= 0.75);

  const footerNumbers: Array<number | null> = [];
  const kept = pages.map((page) => {
    let number: number | null = null;
    const lines = page.lines.filter((line) => {
      if (!inBand(page, line.top)) return true;
      const printed = PAGE_NUMBER.exec(line.text);
      if (printed) {
        number ??= Number(printed[1]);
        return false;
      }
      return !recurring(line.text);
    });
    footerNumbers.push(number);
    return { ...page, lines };
  });
  return { pages: kept, footerNumbers };
}
