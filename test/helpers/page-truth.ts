import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PageWords } from '../../scripts/pdf-producers/page-truth.js';
import { thumbsDir, wordsPath } from '../../scripts/pdf-producers/page-truth.js';
import { decodeImage, type Pixels } from '../../src/vendors/canvas.js';

/** A printed character as poppler places it: the centre of its share of its word's box. */
export interface TruthChar {
  key: string;
  x: number;
  y: number;
  /** Its word's box, for the vertical extent of its line. */
  top: number;
  bottom: number;
}

/** Letters and digits, width-folded, lower case: written here again so the truth does not lean on the code under test. */
const compared = (ch: string) =>
  ch
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

export function readPageWords(pdf: string): PageWords {
  return JSON.parse(readFileSync(wordsPath(pdf), 'utf8')) as PageWords;
}

/**
 * A page's characters as pdftotext -bbox reads them: each word's box shared evenly among its
 * characters (a CJK run is set in equal ems; the few Latin digits inside one make this off by a
 * fraction of a character, which the tests allow for).
 */
export function truthChars(words: PageWords, pdfPage: number): TruthChar[] {
  const page = words.pages[pdfPage - 1]!;
  return page.words.flatMap((w) => {
    const chars = [...w.text];
    const [x0, y0, x1, y1] = w.box;
    const step = (x1 - x0) / chars.length;
    return chars.flatMap((ch, i) =>
      [...compared(ch)].map((key) => ({ key, x: x0 + step * (i + 0.5), y: (y0 + y1) / 2, top: y0, bottom: y1 })),
    );
  });
}

/** Where a sentence's characters stand in poppler's reading of a page, or null when they are not there in order. */
export function truthSpan(chars: TruthChar[], sentence: string): { start: number; end: number } | null {
  const wanted = [...sentence].map(compared).join('');
  const at = chars
    .map((c) => c.key)
    .join('')
    .indexOf(wanted);
  return at < 0 || !wanted ? null : { start: at, end: at + wanted.length };
}

/** poppler's pdftoppm render of a page (greyscale, committed), and its pixels. */
export async function popplerPage(pdf: string, pdfPage: number): Promise<Pixels> {
  return decodeImage(readFileSync(path.join(thumbsDir(pdf), `p${String(pdfPage).padStart(2, '0')}.png`)));
}

/** Mean absolute difference of two images' grey levels (0–255), the second scaled to the first's size. */
export async function greyDistance(a: Pixels, png: Uint8Array): Promise<number> {
  const b = await decodeImage(png, a.width);
  const rows = Math.min(a.height, b.height);
  let sum = 0;
  for (let y = 0; y < rows; y++)
    for (let x = 0; x < a.width; x++) {
      const i = (y * a.width + x) * 4;
      const grey = (d: Uint8ClampedArray) => 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
      sum += Math.abs(grey(a.data) - grey(b.data));
    }
  return sum / (rows * a.width);
}
