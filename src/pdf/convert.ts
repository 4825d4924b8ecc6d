import { parseBulletin } from '../bulletin/parse.js';
import { pageMarker } from '../bulletin/page-marker.js';
import { PdfReadError } from './read-error.js';
import { pageList, readPdfText, type RawPage } from './read-pdf-text.js';
import type { PageOcr } from './ocr.js';
import { pageLines } from './lines.js';
import { removeFurniture } from './furniture.js';
import { markTables } from './tables.js';
import { isTocHeading } from '../bulletin/toc.js';
import { rebuildParagraphs, type PageParagraphs } from './paragraphs.js';
import { pagesFromFooters, pagesFromTocOffset, type PageMap } from './page-map.js';
import { describeNumbering, type Numbering } from './notes.js';

export interface PdfText {
  /** Bulletin text with page markers, for parseBulletin. */
  text: string;
  /** Per PDF page, its printed page number (null: unnumbered). */
  pages: PageMap;
  /** How the printed numbers were found, and the pages whose number disagrees. */
  numbering: Numbering;
  /** What ingest prints: how the printed pages were found, disagreeing pages, pages without text. */
  notes: string[];
}

/**
 * Converts a PDF bulletin into the line-oriented text the parser reads, one paragraph a line,
 * with a page marker at every page start. Running headers and footers are dropped; printed page
 * numbers come from the footers, or else from the offset between the TOC and the pages where the
 * titles are printed.
 */
export async function pdfToBulletinText(file: string, bytes: Uint8Array, deps: PdfDeps = {}): Promise<PdfText> {
  return convertPages(file, await readPdfText(file, bytes, deps.ocr ?? null, deps.ocrMaxPages), deps);
}

/** The same from pages already read (the page viewer reads them once for the page numbers and the text's positions). */
export function convertPages(file: string, raw: RawPage[], deps: PdfDeps = {}): PdfText {
  const blank = raw.filter((p) => !hasText(p)).map((p) => p.index);
  if (blank.length === raw.length)
    throw new PdfReadError(file, 'no-text-layer', deps.ocr ? `OCR read no text on ${pageList(blank)}` : `no text on ${pageList(blank)}`);
  const { pages: defurnished, footerNumbers } = removeFurniture(raw.map(pageLines));
  // Tables are read only after the TOC page: cover and masthead lines look like columns.
  const tocPage = defurnished.findIndex((p) => p.lines.some((l) => isTocHeading(l.text)));
  const pages = markTables(defurnished, tocPage < 0 ? defurnished.length : tocPage + 1);
  const paragraphs = rebuildParagraphs(pages);
  const scanned = raw.filter((p) => p.ocr).map((p) => p.index);
  const pictures = [
    ...(scanned.length ? [`no text layer on ${pageList(scanned)}: read by OCR (${deps.ocrName ?? 'OCR'}), check the citations there`] : []),
    ...(blank.length ? [`no text on ${pageList(blank)} (pictures?)`] : []),
  ];
  const result = (map: PageMap, numbering: Numbering): PdfText => ({
    text: render(paragraphs, map),
    pages: map,
    numbering,
    notes: [...describeNumbering(numbering, map), ...pictures],
  });

  const fromFooters = pagesFromFooters(footerNumbers);
  if (fromFooters) return result(fromFooters.map, { from: 'footers', disagreements: fromFooters.disagreements });

  // Parse once with PDF page numbers to see where the titles stand.
  const pdfNumbers = paragraphs.map((p) => p.index);
  const probe = parseBulletin(file, render(paragraphs, pdfNumbers));
  const { map, offset, agreeing, disagreements } = pagesFromTocOffset(paragraphs.length, probe.articles);
  return result(map, { from: 'toc-offset', offset, agreeing, titles: probe.articles.length, disagreements });
}

export interface PdfDeps {
  /** Makes the OCR engine for pages without a text layer; without it such pages are reported, not read. */
  ocr?: () => PageOcr;
  ocrName?: string;
  /** Pages without a text layer read by OCR at most; a PDF with more fails at once, before any is read (OCR_MAX_PAGES). */
  ocrMaxPages?: number;
}

/** A page with printed text, not only spaces. */
const hasText = (page: RawPage) => page.items.some((item) => item.str !== ' ');

function render(pages: PageParagraphs[], map: PageMap): string {
  const out: string[] = [];
  pages.forEach((page, i) => {
    out.push(pageMarker(map[i] ?? null, page.continuesPrevious), ...page.paragraphs);
  });
  return out.join('\n\n') + '\n';
}
