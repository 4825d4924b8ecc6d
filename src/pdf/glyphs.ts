import { removeFurniture } from './furniture.js';
import { pageLines } from './lines.js';
import type { RawPage } from './read-pdf-text.js';

/** A printed character and its box, in PDF points from the page's top left (y grows downwards). */
export interface Glyph {
  char: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** The body line it stands on (index among the page's lines once headers and footers are gone). */
  line: number;
}

/** A page's body text as characters with their boxes, running headers, footers and page numbers left out. */
export interface PageGlyphs {
  /** 1-based page of the PDF file. */
  index: number;
  width: number;
  height: number;
  glyphs: Glyph[];
}

/**
 * Above the baseline a CJK glyph reaches about 0.88 of the font size and below it about 0.12 (Noto
 * CJK's and SimSun's ideographic boxes): the box a highlight covers.
 */
const ASCENT = 0.88;
const DESCENT = 0.12;

/**
 * Every page's body characters with their boxes. pdfjs gives a box per text item (a run of
 * characters), not per character: the run's width is shared among its characters, a wide
 * (CJK, full-width) one counting twice a narrow one, which is how the fonts of the bulletins set
 * them. The running headers and footers are found as the converter finds them (removeFurniture),
 * so that a sentence that crosses a page break reads on without the footer and header between.
 */
export function pageGlyphs(raw: RawPage[]): PageGlyphs[] {
  const { pages: kept } = removeFurniture(raw.map(pageLines));
  return raw.map((page, p) => {
    const lines = kept[p]!.lines;
    const glyphs: Glyph[] = [];
    for (const item of page.items) {
      if (!item.str.trim()) continue;
      const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = item.transform;
      // Text set vertically or at an angle has no left-to-right run to share out: it is not marked.
      if (a <= 0 || Math.abs(b) > 0.01 * a) continue;
      const size = Math.hypot(c, d) || Math.hypot(a, b) || 1;
      const baseline = page.height - f;
      const line = lines.findIndex((l) => Math.abs(l.top - baseline) <= Math.min(l.size, size) / 2);
      if (line < 0) continue;
      const chars = [...item.str];
      const weights = chars.map(charWeight);
      const total = weights.reduce((s, w) => s + w, 0) || 1;
      let x = e;
      chars.forEach((char, i) => {
        const w = (item.width * weights[i]!) / total;
        if (char.trim())
          glyphs.push({ char, left: x, right: x + w, top: baseline - ASCENT * size, bottom: baseline + DESCENT * size, line });
        x += w;
      });
    }
    return { index: page.index, width: page.width, height: page.height, glyphs };
  });
}

/** A full-width character (CJK, full-width punctuation) takes a whole em, a Latin letter or digit about half, a space less. */
function charWeight(char: string): number {
  if (char === ' ') return 0.3;
  return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(char) ? 1 : 0.55;
}
