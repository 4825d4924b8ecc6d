/**
 * Ground truth of a producer's PDF, read with a second tool (poppler's pdftotext), not with the
 * converter under test: per PDF page, the text in the header band, the footer band and the body
 * between them, and the printed page number the footer shows.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { normalizeText } from '../../src/text/normalize.js';
import type { TocEntry } from '../../src/domain/bulletin.js';
import { z } from 'zod';

export interface TruthPage {
  /** 1-based page of the PDF file. */
  pdf: number;
  /** The number printed in the footer; null on unnumbered pages. */
  printed: number | null;
  header: string;
  footer: string;
  /** The page's text between header and footer band, as pdftotext -layout reads it. */
  body: string;
}

export interface ProducerTruth {
  producer: string;
  /** The invented bulletin (test/fixtures/bulletins) the PDF was made from. */
  source: string;
  pdfPages: number;
  pages: TruthPage[];
}

/** A `*.truth.json` beside a producer's PDF in test/fixtures/pdf, as readTruth wrote it (a scanned fixture adds `scannedPages`). */
export const producerTruthSchema: z.ZodType<ProducerTruth> = z.looseObject({
  producer: z.string(),
  source: z.string(),
  pdfPages: z.number().int(),
  pages: z.array(
    z.object({ pdf: z.number().int(), printed: z.number().int().nullable(), header: z.string(), footer: z.string(), body: z.string() }),
  ),
});

/** Header and footer bands in points from the top and bottom edge. */
export interface Bands {
  header: number;
  footer: number;
}

export function readTruth(producer: string, source: string, pdf: Buffer, bands: Bands): ProducerTruth {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pdf-truth-'));
  try {
    const file = path.join(dir, 'x.pdf');
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const pdfPages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
    const [, w, h] = /^Page size:\s+([\d.]+) x ([\d.]+)/m.exec(info)!.map(Number) as [number, number, number];
    const text = (page: number, y: number, height: number) =>
      execFileSync(
        'pdftotext',
        [
          '-f',
          `${page}`,
          '-l',
          `${page}`,
          '-layout',
          '-x',
          '0',
          '-y',
          `${Math.round(y)}`,
          '-W',
          `${Math.ceil(w)}`,
          '-H',
          `${Math.round(height)}`,
          file,
          '-',
        ],
        { encoding: 'utf8' },
      )
        .replace(/\f/g, '')
        .replace(/[ \t]+$/gm, '')
        .replace(/^\n+|\n+$/g, '');
    const pages: TruthPage[] = [];
    for (let p = 1; p <= pdfPages; p++) {
      const footer = text(p, h - bands.footer, bands.footer);
      pages.push({
        pdf: p,
        printed: printedNumber(footer),
        header: text(p, 0, bands.header),
        footer,
        body: text(p, bands.header, h - bands.header - bands.footer),
      });
    }
    return { producer, source, pdfPages, pages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** "- 12 -", "第12页", "12/59", "12". */
function printedNumber(footer: string): number | null {
  const f = footer.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const m = /^-\s*(\d+)\s*-$/.exec(f) ?? /^第\s*(\d+)\s*\S$/.exec(f) ?? /^(\d+)\s*\/\s*\d+$/.exec(f) ?? /^(\d+)$/.exec(f);
  return m ? Number(m[1]) : null;
}

const squash = (s: string) => normalizeText(s).normalize('NFKC').replace(/\s+/g, '');

/** The producer's layout must print every title on the page its TOC entry gives, or the fixture lies. */
export function checkTitlePages(truth: ProducerTruth, entries: TocEntry[]): string[] {
  return entries.flatMap((e) => {
    const page = truth.pages.find((p) => p.printed === e.page);
    const title = squash(e.title).replace(/[()（）]/g, '');
    if (
      page &&
      squash(page.body)
        .replace(/[()（）]/g, '')
        .includes(title.slice(0, 12))
    )
      return [];
    const actual = truth.pages.find(
      (p) =>
        p.printed !== null &&
        squash(p.body)
          .replace(/[()（）]/g, '')
          .includes(title.slice(0, 12)),
    );
    return [`"${e.title}": TOC page ${e.page}, printed on page ${actual?.printed ?? '?'} (PDF page ${actual?.pdf ?? '?'})`];
  });
}
