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

/** A greyscale image, one level (0–255) a pixel. */
export interface Grey {
  width: number;
  height: number;
  levels: Float64Array;
}

/** poppler's pdftoppm render of a page (committed), in grey levels. */
export async function popplerPage(pdf: string, pdfPage: number): Promise<Grey> {
  return greyOf(await decodeImage(readFileSync(path.join(thumbsDir(pdf), `p${String(pdfPage).padStart(2, '0')}.png`))));
}

export function greyOf(p: Pixels): Grey {
  const levels = new Float64Array(p.width * p.height);
  for (let i = 0; i < levels.length; i++) levels[i] = 0.299 * p.data[i * 4]! + 0.587 * p.data[i * 4 + 1]! + 0.114 * p.data[i * 4 + 2]!;
  return { width: p.width, height: p.height, levels };
}

/** Shrinks an image to `width` pixels across by averaging each block (what the eye sees from afar). */
export function shrink(image: Grey, width: number): Grey {
  const f = image.width / width;
  const height = Math.floor(image.height / f);
  const levels = new Float64Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let yy = Math.floor(y * f); yy < Math.floor((y + 1) * f); yy++)
        for (let xx = Math.floor(x * f); xx < Math.floor((x + 1) * f); xx++) {
          sum += image.levels[yy * image.width + xx]!;
          n++;
        }
      levels[y * width + x] = sum / n;
    }
  return { width, height, levels };
}

/** Pearson correlation of two images' grey levels over the rows both have (1: the same picture). */
export function correlation(a: Grey, b: Grey): number {
  const n = Math.min(a.height, b.height) * a.width;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a.levels[i]!;
    mb += b.levels[i]!;
  }
  ma /= n;
  mb /= n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    const da = a.levels[i]! - ma;
    const db = b.levels[i]! - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  return cov / Math.sqrt(va * vb);
}

/** Width at which a render is compared with poppler's: a quarter of the committed renders. */
export const COMPARE_WIDTH = 50;

/** How like poppler's render of each page of a PDF a PNG is, compared at COMPARE_WIDTH pixels across: one figure per page. */
export async function likenessToPoppler(pdf: string, pages: number, png: Uint8Array): Promise<number[]> {
  const ours = shrink(greyOf(await decodeImage(png)), COMPARE_WIDTH);
  const out: number[] = [];
  for (let p = 1; p <= pages; p++) out.push(correlation(shrink(await popplerPage(pdf, p), COMPARE_WIDTH), ours));
  return out;
}
