import { readFileSync } from 'node:fs';
import { makePdfFixtures, type PdfFixtures, type PdfTruth } from '../../scripts/pdf-fixtures.js';
import { tempDir } from './paths.js';

let made: Promise<PdfFixtures> | null = null;

/** The PDF fixtures, made once per test file (they are too large to commit with their font). */
export function pdfFixtures(): Promise<PdfFixtures> {
  made ??= makePdfFixtures(tempDir('pdf-fixtures-'));
  return made;
}

export function readTruth(pdfPath: string): PdfTruth {
  return JSON.parse(readFileSync(pdfPath.replace(/\.pdf$/, '.truth.json'), 'utf8')) as PdfTruth;
}

/** For comparing text across the text and PDF routes: width-folded, no whitespace. */
export const squash = (text: string | null) => (text ?? '').normalize('NFKC').replace(/\s+/g, '');

/** An article's text as printed, squashed, with the printed page of every character. */
export function printedText(truth: PdfTruth, article: number): { text: string; pages: number[] } {
  let text = '';
  const pages: number[] = [];
  for (const line of truth.lines.filter((l) => l.article === article)) {
    for (const piece of line.pieces) {
      const s = squash(piece.text);
      text += s;
      for (let i = 0; i < s.length; i++) pages.push(piece.page);
    }
  }
  return { text, pages };
}
