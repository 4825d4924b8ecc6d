import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pdfToBulletinText } from '../../src/pdf/convert.js';
import { PdfReadError } from '../../src/pdf/read-error.js';
import type { PageOcr } from '../../src/pdf/ocr.js';
import { PRODUCER_FIXTURES } from '../helpers/pdf-fixtures.js';
import { observeFault } from '../reliability/faults.js';

/** Writer's issue-d with one page (printed page 5) as a scan without a text layer. */
const SCANNED = readFileSync(path.join(PRODUCER_FIXTURES, 'writer', 'issue-d-scanned.pdf'));

/** An OCR engine that counts what it is asked and reads nothing. */
function countingOcr() {
  const counts = { made: 0, pages: 0 };
  const make = (): PageOcr => {
    counts.made++;
    return {
      name: 'counting',
      recognize: async () => {
        counts.pages++;
        return [];
      },
      close: async () => undefined,
    };
  };
  return { counts, make };
}

describe('OCR_MAX_PAGES', () => {
  it('refuses a PDF with more scanned pages than OCR_MAX_PAGES before reading any', async () => {
    const { counts, make } = countingOcr();
    const error = await pdfToBulletinText('scan.pdf', SCANNED, { ocr: make, ocrMaxPages: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfReadError);
    expect((error as PdfReadError).reason).toBe('too-many-scanned-pages');
    expect((error as Error).message).toMatch(/1 pages without text \(PDF page \d+\), OCR reads at most 0 a file \(OCR_MAX_PAGES\)/);
    expect(counts).toEqual({ made: 0, pages: 0 });
    observeFault('ocrCap', `${(error as Error).message.replace(/^[^:]*: /, '')}; OCR engine started ${counts.made} times`);
  });

  it('reads scanned pages up to the cap, starting the engine only when a page needs it', async () => {
    const { counts, make } = countingOcr();
    await pdfToBulletinText('scan.pdf', SCANNED, { ocr: make, ocrMaxPages: 1 }).catch(() => undefined);
    expect(counts).toEqual({ made: 1, pages: 1 });
    const text = countingOcr();
    const fixtureWithText = readFileSync(path.join(PRODUCER_FIXTURES, 'writer', 'issue-d.pdf'));
    await pdfToBulletinText('text.pdf', fixtureWithText, { ocr: text.make, ocrMaxPages: 0 });
    expect(text.counts).toEqual({ made: 0, pages: 0 });
  });
});
