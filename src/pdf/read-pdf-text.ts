import { getDocument, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PdfReadError } from './read-error.js';
import { containPdfjsRejections } from './rejections.js';
import { normalizeText } from '../text/normalize.js';
import { largestImage } from './images.js';
import type { PageOcr } from './ocr.js';
import { errorMessage } from '../util/app-error.js';

/** One piece of text as positioned on a PDF page (PDF user space: y grows upwards). */
export interface TextItem {
  str: string;
  /** [a, b, c, d, e, f]: e, f are the baseline origin; |d| is about the font size. */
  transform: number[];
  width: number;
}

export interface RawPage {
  /** 1-based page number in the PDF file. */
  index: number;
  width: number;
  height: number;
  items: TextItem[];
  /** The page had no text layer; its items were read by OCR from its picture. */
  ocr?: boolean;
}

/**
 * Reads the text items of every page with pdfjs (pure JavaScript, legacy build for Node 20), each
 * item's text normalised (normalizeText) before anything else reads it. Pages without a text layer
 * (scanned) are read by the OCR engine `ocr` makes, when one is given: at most `ocrMaxPages` of them
 * (at several seconds a page, a long scan would hold the ingest for many minutes); a PDF with more
 * fails before any is read, naming the pages and the setting.
 * Nothing is fetched: no system fonts, no font data, no worker file from elsewhere; the document is
 * read from the bytes given. Password-protected and broken files become specific errors.
 */
export async function readPdfText(
  file: string,
  bytes: Uint8Array,
  ocr: (() => PageOcr) | null = null,
  ocrMaxPages = Infinity,
): Promise<RawPage[]> {
  if (!hasEndOfFile(bytes)) throw new PdfReadError(file, 'damaged', 'no %%EOF at the end of the file');
  containPdfjsRejections();
  let doc: PDFDocumentProxy;
  try {
    // pdfjs takes ownership of the buffer it is given, so it gets a copy.
    doc = await getDocument({
      data: new Uint8Array(bytes),
      useSystemFonts: false,
      disableFontFace: true,
      isEvalSupported: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    throw classify(file, error);
  }
  let engine: PageOcr | null = null;
  try {
    const pages: RawPage[] = [];
    for (let index = 1; index <= doc.numPages; index++) {
      const page = await doc.getPage(index);
      const viewport = page.getViewport({ scale: 1 });
      pages.push({ index, width: viewport.width, height: viewport.height, items: await textItems(page) });
      page.cleanup();
    }
    const scanned = ocr ? pages.filter((p) => !p.items.some((i) => i.str !== ' ')) : [];
    if (scanned.length > ocrMaxPages)
      throw new PdfReadError(
        file,
        'too-many-scanned-pages',
        `${scanned.length} pages without text (${pageList(scanned.map((p) => p.index))}), OCR reads at most ${ocrMaxPages} a file (OCR_MAX_PAGES)`,
      );
    for (const p of scanned) {
      const page = await doc.getPage(p.index);
      const read = await ocrItems(page, (engine ??= ocr!()));
      if (read) Object.assign(p, { items: read, ocr: true });
      page.cleanup();
    }
    return pages;
  } catch (error) {
    throw error instanceof PdfReadError ? error : classify(file, error);
  } finally {
    await doc.destroy();
    await engine?.close();
  }
}

/** A page's text items, normalised. */
async function textItems(page: PDFPageProxy): Promise<TextItem[]> {
  const content = await page.getTextContent();
  const items: TextItem[] = [];
  for (const item of content.items) {
    if (!('str' in item)) continue;
    // Normalised here, where pdfjs's text enters, so that every match in the converter (footers,
    // 本期要目, titles for the TOC offset) sees 大 where the font mapped the glyph to ⼤ (U+2F24).
    // Spaces are kept: between "主 编" and a name, or a TOC page and its title, they are the only separator.
    const str = normalizeText(item.str);
    if (str !== '') items.push({ str: str.trim() === '' ? ' ' : str, transform: item.transform as number[], width: item.width });
  }
  return items;
}

/** "PDF page 3", "PDF pages 1–4", "PDF pages 2, 5–7". */
export function pageList(pages: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < pages.length; ) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j]! + 1) j++;
    runs.push(j > i ? `${pages[i]}–${pages[j]}` : `${pages[i]}`);
    i = j + 1;
  }
  return `PDF page${pages.length > 1 ? 's' : ''} ${runs.join(', ')}`;
}

/**
 * A page without a text layer, read by OCR from its largest picture: each recognised line becomes
 * a text item placed where the line stands on the page, so that footers, headers and paragraphs
 * are found as on any other page. Null when the page has no picture or OCR reads nothing.
 */
async function ocrItems(page: PDFPageProxy, ocr: PageOcr): Promise<TextItem[] | null> {
  const placed = await largestImage(page);
  if (!placed) return null;
  const { image, matrix } = placed;
  const [a, , , d, e, f] = matrix as [number, number, number, number, number, number];
  const x = (px: number) => e + (a * px) / image.width;
  // Image rows run from the top; the unit square's y from the bottom.
  const y = (py: number) => f + d * (1 - py / image.height);
  const lines = await ocr.recognize(image);
  const items = lines.map((line) => {
    const size = Math.abs((d * (line.box.y1 - line.box.y0)) / image.height);
    return {
      str: normalizeText(line.text),
      transform: [size, 0, 0, size, x(line.box.x0), y(line.box.y1)],
      width: x(line.box.x1) - x(line.box.x0),
    };
  });
  return items.length ? items : null;
}

/** A complete PDF ends with %%EOF (possibly followed by a line break or a little padding). */
function hasEndOfFile(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  return tail.includes('%%EOF');
}

function classify(file: string, error: unknown): PdfReadError {
  const name = (error as { name?: string })?.name ?? '';
  if (name === 'PasswordException') return new PdfReadError(file, 'encrypted');
  return new PdfReadError(file, 'damaged', errorMessage(error));
}
