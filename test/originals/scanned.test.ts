import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageGlyphs } from '../../src/pdf/glyphs.js';
import { readPdfText } from '../../src/pdf/read-pdf-text.js';
import { locateQuote } from '../../src/pdf/locate-quote.js';
import { PdfWorkbench } from '../../src/originals/workbench.js';
import { ocrOncePerRun } from '../helpers/ocr.js';
import { readPageWords, truthChars, truthSpan } from '../helpers/page-truth.js';
import { PRODUCER_FIXTURES } from '../helpers/pdf-fixtures.js';

const scanned = path.join(PRODUCER_FIXTURES, 'writer', 'issue-d-scanned.pdf');
const printed = path.join(PRODUCER_FIXTURES, 'writer', 'issue-d.pdf');
const SENTENCE = '数据交易所场内交易额达到1860亿元，同比增长64%；';

describe('a cited page without a text layer (a scan)', () => {
  it('is read by OCR, as ingest read it, and the sentence highlighted where the printed page has it', async () => {
    const bytes = readFileSync(scanned);
    const truth = JSON.parse(readFileSync(scanned.replace(/\.pdf$/, '.truth.json'), 'utf8')) as { scannedPages: number[] };
    const pdfPage = truth.scannedPages[0]!;
    // Without OCR there is nothing to find on it.
    const plain = pageGlyphs(await readPdfText('x.pdf', bytes));
    expect(locateQuote([plain[pdfPage - 1]!], SENTENCE)).toBeNull();

    const workbench = new PdfWorkbench(ocrOncePerRun);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const result = await workbench.run({
      kind: 'page',
      file: scanned,
      sha256,
      article: [5, 5],
      pages: [5, 5],
      quote: SENTENCE,
      width: 600,
    });
    expect(result.kind).toBe('page');
    if (result.kind !== 'page') return;
    expect(result.pages.map((p) => [p.pdfPage, p.printed, p.highlighted])).toEqual([[pdfPage, 5, true]]);

    // The scan pictures the LibreOffice page as printed: poppler's word boxes there are the truth.
    const chars = truthChars(readPageWords(printed), pdfPage);
    const span = truthSpan(chars, SENTENCE)!;
    const rects = result.pages[0]!.rectsKey.split(';').map((r) => r.split(',').map(Number) as [number, number, number, number]);
    const mine = chars.slice(span.start, span.end);
    const covered = mine.filter((c) => rects.some(([l, t, r, b]) => c.x >= l - 3 && c.x <= r + 3 && c.y >= t - 4 && c.y <= b + 4));
    expect(covered.length / mine.length).toBeGreaterThanOrEqual(0.85);
  });
});
