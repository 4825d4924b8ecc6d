import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PdfReadError } from './errors.js';
import { containPdfjsRejections } from './rejections.js';
import { normalizeText } from '../text/normalize.js';

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
}

/**
 * Reads the text items of every page with pdfjs (pure JavaScript, legacy build for Node 20), each
 * item's text normalised (normalizeText) before anything else reads it.
 * Nothing is fetched: no system fonts, no font data, no worker file from elsewhere; the document is
 * read from the bytes given. Password-protected and broken files become specific errors.
 */
export async function readPdfText(file: string, bytes: Uint8Array): Promise<RawPage[]> {
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
  try {
    const pages: RawPage[] = [];
    for (let index = 1; index <= doc.numPages; index++) {
      const page = await doc.getPage(index);
      const viewport = page.getViewport({ scale: 1 });
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
      pages.push({ index, width: viewport.width, height: viewport.height, items });
      page.cleanup();
    }
    return pages;
  } catch (error) {
    throw classify(file, error);
  } finally {
    await doc.destroy();
  }
}

/** A complete PDF ends with %%EOF (possibly followed by a line break or a little padding). */
function hasEndOfFile(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  return tail.includes('%%EOF');
}

function classify(file: string, error: unknown): PdfReadError {
  const name = (error as { name?: string })?.name ?? '';
  if (name === 'PasswordException') return new PdfReadError(file, 'encrypted');
  return new PdfReadError(file, 'damaged', (error as Error)?.message ?? String(error));
}
