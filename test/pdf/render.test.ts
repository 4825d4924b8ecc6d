import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PDFDocument, degrees } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageGlyphs } from '../../src/pdf/glyphs.js';
import { readPdfText } from '../../src/pdf/read-pdf-text.js';
import { locateQuote } from '../../src/pdf/locate-quote.js';
import { openPdfForRendering, renderPage } from '../../src/pdf/render.js';
import { decodeImage } from '../../src/vendors/canvas.js';
import { likenessToPoppler, readPageWords, truthChars, truthSpan } from '../helpers/page-truth.js';
import { producerFixtures } from '../helpers/pdf-fixtures.js';

const WIDTH = 1200;

describe.each(producerFixtures().map((f) => [f.producer, f] as const))('pages of %s’s PDF rendered', (_producer, fx) => {
  let doc: PDFDocumentProxy;
  const words = readPageWords(fx.pdf);
  const rendered = new Map<number, Buffer>();

  beforeAll(async () => {
    doc = await openPdfForRendering(path.basename(fx.pdf), readFileSync(fx.pdf));
    for (let p = 1; p <= doc.numPages; p++) rendered.set(p, (await renderPage(doc, p, WIDTH)).png);
  });
  afterAll(async () => doc?.destroy());

  it('are 1,200 pixels across, in the proportions poppler gives the page', async () => {
    expect(doc.numPages).toBe(words.pages.length);
    for (const page of words.pages) {
      const image = await decodeImage(rendered.get(page.pdf)!);
      expect(image.width).toBe(WIDTH);
      expect(Math.abs(image.height - (WIDTH * page.height) / page.width), `page ${page.pdf}`).toBeLessThanOrEqual(1);
    }
  });

  it('each look like the page pdftoppm renders, and like no other page', async () => {
    for (const page of words.pages) {
      const likeness = await likenessToPoppler(fx.pdf, words.pages.length, rendered.get(page.pdf)!);
      const own = likeness[page.pdf - 1]!;
      const nearestOther = Math.max(...likeness.filter((_, i) => i !== page.pdf - 1));
      // Correlation of grey levels at 50 px across: the same page differs by anti-aliasing only.
      expect(own, `page ${page.pdf}`).toBeGreaterThanOrEqual(0.88);
      expect(own - nearestOther, `page ${page.pdf}`).toBeGreaterThanOrEqual(0.05);
    }
  });

  it('show the highlight over the quoted sentence, in yellow, and nowhere else', async () => {
    const glyphs = pageGlyphs(await readPdfText(path.basename(fx.pdf), readFileSync(fx.pdf)));
    const page = fx.truth.pages.find((p) => p.printed === 1)!;
    const sentence = page.body.replace(/\s+/g, '').match(/[^。]{20,}。/)![0];
    const found = locateQuote([glyphs[page.pdf - 1]!], sentence)!;
    const image = await decodeImage((await renderPage(doc, page.pdf, WIDTH, found[0]!.rects)).png);
    const scale = WIDTH / words.pages[page.pdf - 1]!.width;
    const chars = truthChars(words, page.pdf);
    const span = truthSpan(chars, sentence)!;
    const yellow = (x: number, y: number) => {
      const i = (Math.round(y * scale) * image.width + Math.round(x * scale)) * 4;
      return image.data[i]! > 200 && image.data[i + 1]! > 150 && image.data[i + 2]! < 120;
    };
    // The paper around each character's centre, where poppler places it (±3 points): yellow between
    // the strokes for the sentence's characters, white for every other character.
    const yellowShare = (c: (typeof chars)[number]) => {
      let hits = 0;
      let all = 0;
      for (let dx = -3; dx <= 3; dx += 0.5)
        for (let dy = -3; dy <= 3; dy += 0.5) {
          all++;
          if (yellow(c.x + dx, c.y + dy)) hits++;
        }
      return hits / all;
    };
    const probe = (c: (typeof chars)[number]) => yellowShare(c) >= 0.2;
    const mine = chars.slice(span.start, span.end);
    const others = [...chars.slice(0, span.start), ...chars.slice(span.end)];
    expect(mine.filter(probe).length / mine.length).toBeGreaterThanOrEqual(0.9);
    expect(others.filter((c) => yellowShare(c) > 0.05).length).toBeLessThanOrEqual(1);
  });
});

describe('a rotated page', () => {
  it('is rendered turned, in its turned proportions, and sent unmarked rather than marked in the wrong place', async () => {
    const fx = producerFixtures()[0]!;
    const source = await PDFDocument.load(readFileSync(fx.pdf));
    source.getPage(3).setRotation(degrees(90));
    const bytes = await source.save();
    const glyphs = pageGlyphs(await readPdfText('rotated.pdf', bytes));
    const sentence = fx.truth.pages[3]!.body.replace(/\s+/g, '').match(/[^。]{20,}。/)![0];
    const found = locateQuote([glyphs[3]!], sentence)!;
    const doc = await openPdfForRendering('rotated.pdf', bytes);
    try {
      const image = await renderPage(doc, 4, WIDTH, found[0]!.rects);
      expect(image.highlighted).toBe(false);
      const words = readPageWords(fx.pdf).pages[3]!;
      expect(Math.abs(image.height - (WIDTH * words.width) / words.height)).toBeLessThanOrEqual(1);
    } finally {
      await doc.destroy();
    }
  });
});
