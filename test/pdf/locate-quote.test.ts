import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pageGlyphs, type PageGlyphs } from '../../src/pdf/glyphs.js';
import { readPdfText } from '../../src/pdf/read-pdf-text.js';
import { locateQuote, type HighlightRect } from '../../src/pdf/locate-quote.js';
import { producerFixtures } from '../helpers/pdf-fixtures.js';
import { readPageWords, truthChars, truthSpan, type TruthChar } from '../helpers/page-truth.js';

/** How far (points) a character's centre may lie outside a highlight and still count as covered: a third of a character. */
const SLACK = 3;

const inside = (c: TruthChar, r: HighlightRect, pad: number) =>
  c.x >= r.left - pad && c.x <= r.right + pad && c.y >= r.top - pad && c.y <= r.bottom + pad;

/** The most common distance between consecutive printed lines of a page, as poppler places them. */
function linePitch(chars: TruthChar[]): number {
  const ys = [...new Set(chars.map((c) => Math.round(c.y * 2) / 2))].sort((a, b) => a - b);
  const gaps = ys.slice(1).map((y, i) => Math.round(y - ys[i]!));
  const counts = new Map<number, number>();
  for (const g of gaps.filter((g) => g > 4)) counts.set(g, (counts.get(g) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

/**
 * The sentences pdftotext reads on a numbered page, each whole on it (page breaks of the fixtures
 * fall between paragraphs) and long enough to be told from its neighbours.
 */
function sentencesOn(body: string): string[] {
  const flat = body.replace(/\s+/g, '');
  return (flat.match(/[^。！？；]+[。！？；]/g) ?? [])
    .map((s) => s.replace(/^[（(]?来源[:：][^）)]*[）)]/, ''))
    .filter((s) => s.length >= 12);
}

describe.each(producerFixtures().map((f) => [f.producer, f] as const))(
  'the highlight on %s’s PDF lies where pdftotext places the sentence',
  (_producer, fx) => {
    let glyphs: PageGlyphs[];
    const words = readPageWords(fx.pdf);

    beforeAll(async () => {
      glyphs = pageGlyphs(await readPdfText(path.basename(fx.pdf), readFileSync(fx.pdf)));
    });

    it('covers every sentence of every numbered page, and little else', () => {
      let checked = 0;
      for (const page of fx.truth.pages.filter((p) => p.printed !== null)) {
        const chars = truthChars(words, page.pdf);
        const pitch = linePitch(chars);
        for (const sentence of sentencesOn(page.body)) {
          const span = truthSpan(chars, sentence);
          if (!span) continue;
          const found = locateQuote([glyphs[page.pdf - 1]!], sentence);
          expect(found, sentence).not.toBeNull();
          expect(found!.map((f) => f.pdfPage)).toEqual([page.pdf]);
          const rects = found![0]!.rects;
          const mine = chars.slice(span.start, span.end);
          const others = [...chars.slice(0, span.start), ...chars.slice(span.end)];
          const covered = mine.filter((c) => rects.some((r) => inside(c, r, SLACK))).length;
          // Characters of the neighbouring sentences on the same lines, well inside a highlight (not at its edge).
          const stray = others.filter((c) => rects.some((r) => inside(c, r, -SLACK))).length;
          expect(covered / mine.length, `${sentence}: share of its characters highlighted`).toBeGreaterThanOrEqual(0.97);
          expect(stray, `${sentence}: other characters highlighted`).toBeLessThanOrEqual(1);
          // One box per printed line: the highlight's lines are the sentence's lines, each box on its line
          // (centred on it, within a fifth of a line) and no taller than the distance between lines.
          const lines = [...new Set(mine.map((c) => Math.round(c.y)))];
          expect(rects).toHaveLength(lines.length);
          for (const r of rects) {
            const on = mine.filter((c) => inside(c, r, SLACK));
            const centre = on.reduce((s, c) => s + c.y, 0) / on.length;
            expect(Math.abs((r.top + r.bottom) / 2 - centre), `${sentence}: box off its line`).toBeLessThanOrEqual(pitch / 5);
            expect(r.bottom - r.top, `${sentence}: box taller than a line`).toBeLessThanOrEqual(pitch);
          }
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(15);
    });

    it('marks nothing for a sentence that is not on the page', () => {
      const page = fx.truth.pages.find((p) => p.printed === 1)!;
      const elsewhere = fx.truth.pages.find((p) => p.printed === 3)!;
      for (const sentence of sentencesOn(elsewhere.body).slice(0, 5)) expect(locateQuote([glyphs[page.pdf - 1]!], sentence)).toBeNull();
      expect(locateQuote([glyphs[page.pdf - 1]!], '明天贵阳会下雨吗？今天股市行情如何？')).toBeNull();
    });

    it('finds a quote whose punctuation, spacing and a few characters differ from the print', () => {
      const page = fx.truth.pages.find((p) => p.printed === 1)!;
      const sentence = sentencesOn(page.body).find((s) => s.length >= 30)!;
      const chars = truthChars(words, page.pdf);
      const span = truthSpan(chars, sentence)!;
      // Spaces and ASCII punctuation in, two characters misread (as OCR or a font's mapping would).
      const altered = [...sentence]
        .map((ch, i) => (i === 9 || i === 20 ? '口' : ch))
        .join(' ')
        .replace(/，/g, ',');
      const found = locateQuote([glyphs[page.pdf - 1]!], altered);
      expect(found).not.toBeNull();
      const rects = found![0]!.rects;
      const mine = chars.slice(span.start, span.end);
      expect(mine.filter((c) => rects.some((r) => inside(c, r, SLACK))).length / mine.length).toBeGreaterThanOrEqual(0.9);
    });
  },
);
