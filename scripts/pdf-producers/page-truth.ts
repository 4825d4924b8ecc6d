/**
 * Ground truth for the page viewer, read from a committed fixture PDF by poppler rather than by
 * the code under test: every word's box as `pdftotext -bbox` sees it (<name>.words.json), and each
 * page as `pdftoppm` renders it, greyscale, PAGE_THUMB_WIDTH pixels across
 * (<name>.pdftoppm/page-NN.png). Tests compare the highlight with the words' boxes and the rendered
 * page with poppler's at low resolution; they only read these files (poppler is not needed then).
 *   npx tsx scripts/pdf-producers/page-truth.ts [file.pdf ...]   (default: every fixture PDF but the scanned one)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../../test/helpers/paths.js';

/**
 * Width of poppler's page renders kept as truth: compared at a quarter of it (50 px), every page
 * of the fixtures is told from every other (≈100 KB of PNGs a fixture).
 */
export const PAGE_THUMB_WIDTH = 200;

export interface WordBox {
  text: string;
  /** xMin, yMin, xMax, yMax in PDF points from the page's top left. */
  box: [number, number, number, number];
}

export interface PageWords {
  producer: string;
  pages: Array<{ pdf: number; width: number; height: number; words: WordBox[] }>;
}

export function wordsPath(pdf: string): string {
  return pdf.replace(/\.pdf$/, '.words.json');
}

export function thumbsDir(pdf: string): string {
  return pdf.replace(/\.pdf$/, '.pdftoppm');
}

/** Reads the words' boxes of every page with `pdftotext -bbox`. */
export function readWordBoxes(pdf: string): PageWords['pages'] {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const pages: PageWords['pages'] = [];
  const unescape = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  for (const m of html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
    const words = [...m[3]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/word>/g)].map(
      (w) => ({ text: unescape(w[5]!), box: [1, 2, 3, 4].map((i) => Math.round(Number(w[i]) * 100) / 100) as WordBox['box'] }),
    );
    pages.push({ pdf: pages.length + 1, width: Number(m[1]), height: Number(m[2]), words });
  }
  return pages;
}

/** Writes <name>.words.json and <name>.pdftoppm/page-NN.png beside a fixture PDF. */
export function writePageTruth(pdf: string, producer: string): void {
  const truth: PageWords = { producer, pages: readWordBoxes(pdf) };
  writeFileSync(wordsPath(pdf), JSON.stringify(truth, null, 1) + '\n');
  const dir = thumbsDir(pdf);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Thin lines (table rules) drawn by their area, as a canvas draws them, not widened to a pixel.
  const args = ['-gray', '-png', '-thinlinemode', 'shape', '-scale-to-x', `${PAGE_THUMB_WIDTH}`, '-scale-to-y', '-1'];
  execFileSync('pdftoppm', [...args, pdf, path.join(dir, 'page')]);
  // pdftoppm numbers pages with as many digits as the last one needs; keep two, always.
  for (const f of readdirSync(dir)) {
    const n = /^page-(\d+)\.png$/.exec(f);
    if (n) writeFileSync(path.join(dir, `p${n[1]!.padStart(2, '0')}.png`), readFileSync(path.join(dir, f)));
    if (n) rmSync(path.join(dir, f));
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.join(ROOT, 'test', 'fixtures', 'pdf');
  const given = process.argv.slice(2);
  const pdfs = given.length
    ? given
    : readdirSync(root, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .flatMap((d) => readdirSync(path.join(root, d.name)).map((f) => path.join(root, d.name, f)))
        // The scanned fixture is for the OCR tests: the page viewer's tests do not read it.
        .filter((f) => f.endsWith('.pdf') && !f.endsWith('-scanned.pdf'));
  for (const pdf of pdfs) {
    writePageTruth(pdf, path.basename(path.dirname(pdf)));
    console.log(`${path.relative(ROOT, pdf)}: words and pdftoppm pages written`);
  }
}
