import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pdfToBulletinText, type PdfText } from '../../src/pdf/convert.js';
import { PdfReadError } from '../../src/pdf/read-error.js';
import { parseBulletin } from '../../src/bulletin/parse.js';
import type { Bulletin } from '../../src/domain/bulletin.js';
import { chunkBulletin } from '../../src/ingest/chunk.js';
import { bigramDice } from '../../src/bulletin/normalize.js';
import { ocrOncePerRun } from '../helpers/ocr.js';
import { FIXTURE_BULLETINS } from '../helpers/paths.js';
import { pdfFixtures, PRODUCER_FIXTURES, squash, squashPrinted } from '../helpers/pdf-fixtures.js';
import type { ProducerTruth } from '../../scripts/pdf-producers/truth.js';

/**
 * Writer's issue-d with printed page 5 set as a 150 dpi scan (no text layer), read offline by
 * tesseract.js with the chi_sim model from node_modules (once per run: test/helpers/ocr.ts). The truth of the scanned page is what
 * pdftotext read from the page the scan pictures.
 */
const file = path.join(PRODUCER_FIXTURES, 'writer', 'issue-d-scanned.pdf');
const truth = JSON.parse(readFileSync(file.replace(/\.pdf$/, '.truth.json'), 'utf8')) as ProducerTruth & { scannedPages: number[] };
let converted: PdfText;
let bulletin: Bulletin;

beforeAll(async () => {
  converted = await pdfToBulletinText('issue-d-scanned.pdf', readFileSync(file), { ocr: ocrOncePerRun, ocrName: 'tesseract chi_sim' });
  bulletin = parseBulletin('issue-d-scanned.pdf', converted.text);
}, 120_000);

describe('a scanned page', () => {
  const scanned = () => truth.pages.find((p) => p.pdf === truth.scannedPages[0])!;

  it('is read by OCR, numbered from its footer like the others, and said so', () => {
    expect(converted.pages).toEqual(truth.pages.map((p) => p.printed));
    expect(converted.notes).toContain(
      `no text layer on PDF page ${scanned().pdf}: read by OCR (tesseract chi_sim), check the citations there`,
    );
  });

  it('gives the article printed on it, on its TOC page, cited on that page', () => {
    const k = bulletin.articles.findIndex((a) => a.toc.page === scanned().printed);
    const article = bulletin.articles[k]!;
    expect(article.titlePage).toBe(scanned().printed);
    const chunks = chunkBulletin(bulletin).filter((c) => c.articleIndex === k);
    expect(chunks.length).toBeGreaterThan(0);
    for (const c of chunks) expect(c.pages).toEqual({ start: scanned().printed, end: scanned().printed });
    // OCR misreads a character here and there: each paragraph is close to the printed text.
    const printed = squashPrinted(scanned().body);
    for (const p of article.paragraphs) {
      const s = squashPrinted(p.text);
      const best = Math.max(
        ...Array.from({ length: Math.max(1, printed.length - s.length + 1) }, (_, i) => bigramDice(s, printed.slice(i, i + s.length))),
      );
      expect(best, p.text).toBeGreaterThan(0.8);
    }
    expect(bulletin.articles.length).toBe(4);
  });

  it('leaves the other articles as the text bulletin has them', () => {
    const text = parseBulletin('issue-d.txt', readFileSync(path.join(FIXTURE_BULLETINS, 'issue-d.txt'), 'utf8'));
    bulletin.articles.forEach((a, i) => {
      if (a.toc.page === scanned().printed) return;
      expect(a.paragraphs.map((p) => squash(p.text))).toEqual(text.articles[i]!.paragraphs.map((p) => squash(p.text)));
    });
    expect(bulletin.toc).toEqual(text.toc);
  });

  it('is named when there is no OCR', async () => {
    const plain = await pdfToBulletinText('issue-d-scanned.pdf', readFileSync(file));
    expect(plain.notes).toContain(`no text on PDF page ${scanned().pdf} (pictures?)`);
  });
});

describe('a PDF that is all pictures without text', () => {
  it('fails with the pages OCR could not read', async () => {
    const fx = await pdfFixtures();
    const error = await pdfToBulletinText('scanned.pdf', readFileSync(fx.scanned), { ocr: ocrOncePerRun }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfReadError);
    expect((error as Error).message).toBe('scanned.pdf: the PDF has no text layer (scanned images?) (OCR read no text on PDF page 1)');
    const without = await pdfToBulletinText('scanned.pdf', readFileSync(fx.scanned)).catch((e: unknown) => e);
    expect((without as Error).message).toBe('scanned.pdf: the PDF has no text layer (scanned images?) (no text on PDF page 1)');
  }, 60_000);
});
