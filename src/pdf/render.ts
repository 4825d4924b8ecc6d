import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { encodePng, whiteCanvas, type CanvasContext } from '../vendors/canvas.js';
import { PdfReadError } from './read-error.js';
import type { HighlightRect } from './locate-quote.js';
import { containPdfjsRejections } from './rejections.js';
import { errorMessage } from '../util/app-error.js';

/** A rendered page: PNG bytes and its size in pixels. */
export interface PageImage {
  png: Buffer;
  width: number;
  height: number;
  /** The boxes were drawn (not on a rotated page). */
  highlighted: boolean;
}

/**
 * The highlight: a marker-pen yellow laid over the text with `multiply`, so the glyphs stay black
 * and the paper under them turns yellow, as on a page marked by hand.
 */
const HIGHLIGHT = 'rgba(255, 212, 0, 0.55)';

/** pdfjs's own font and CMap data, from the installed package: fonts a PDF does not embed are drawn from these, nothing is fetched. */
const PDFJS_DIR = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const dataUrl = (dir: string) => `${pathToFileURL(path.join(PDFJS_DIR, dir)).pathname}/`;

/** Opens a PDF for rendering; a damaged or encrypted file becomes a PdfReadError. Destroy it when done. */
export async function openPdfForRendering(file: string, bytes: Uint8Array): Promise<PDFDocumentProxy> {
  containPdfjsRejections();
  try {
    return await getDocument({
      // pdfjs takes ownership of the buffer it is given, so it gets a copy.
      data: new Uint8Array(bytes),
      useSystemFonts: false,
      // Node has no FontFace: glyphs are drawn as paths from the fonts' outlines.
      disableFontFace: true,
      isEvalSupported: false,
      standardFontDataUrl: dataUrl('standard_fonts'),
      cMapUrl: dataUrl('cmaps'),
      cMapPacked: true,
      verbosity: 0,
    }).promise;
  } catch (error) {
    const name = (error as { name?: string })?.name ?? '';
    throw new PdfReadError(file, name === 'PasswordException' ? 'encrypted' : 'damaged', errorMessage(error));
  }
}

/**
 * Renders page `pdfPage` (1-based) `width` pixels wide, its height in the page's own proportions,
 * with the given boxes (PDF points from the top left) highlighted.
 */
export async function renderPage(doc: PDFDocumentProxy, pdfPage: number, width: number, rects: HighlightRect[] = []): Promise<PageImage> {
  const page = await doc.getPage(pdfPage);
  try {
    const natural = page.getViewport({ scale: 1 });
    const scale = width / natural.width;
    const viewport = page.getViewport({ scale });
    const height = Math.round(viewport.height);
    const { canvas, context } = whiteCanvas(width, height);
    await page.render({ canvasContext: context as unknown as CanvasRenderingContext2D, viewport }).promise;
    // Boxes are measured from the top of the page as readPdfText sees it (its height at scale 1);
    // the viewport maps them to pixels, whatever the page's origin.
    const toPixels = (x: number, yFromTop: number) => viewport.convertToViewportPoint(x, natural.height - yFromTop) as [number, number];
    // Boxes are measured on the unrotated page: a rotated one is sent unmarked rather than marked wrong.
    const highlighted = rects.length > 0 && page.rotate === 0;
    if (highlighted) highlight(context, rects, toPixels);
    return { png: encodePng(canvas), width, height, highlighted };
  } finally {
    page.cleanup();
  }
}

function highlight(context: CanvasContext, rects: HighlightRect[], toPixels: (x: number, y: number) => [number, number]): void {
  if (!rects.length) return;
  context.save();
  context.globalCompositeOperation = 'multiply';
  context.fillStyle = HIGHLIGHT;
  for (const r of rects) {
    const [x0, y0] = toPixels(r.left, r.top);
    const [x1, y1] = toPixels(r.right, r.bottom);
    context.fillRect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
  }
  context.restore();
}
