import { PDFDocument } from 'pdf-lib';

/*
 * Cutting pages out of a PDF is done with pdf-lib (MIT, pure JavaScript, no native code and no
 * install script): `copyPages` carries each page with the fonts, images and other resources it
 * uses into a new document, which is what an article cut from an issue needs. pdfjs-dist, which
 * reads and renders our PDFs, cannot write one; writing PDF objects by hand would mean resolving
 * every page's resource tree ourselves. pdf-lib's API has been stable for years and is the one
 * its maintained forks (@cantoo/pdf-lib, @pdfme/pdf-lib) keep, so a switch is one import.
 */

/** A new PDF holding the given pages (1-based, in the order given) of `bytes`, titled `title`. */
export async function cutPdfPages(bytes: Uint8Array, pages: number[], title: string): Promise<Uint8Array> {
  const source = await PDFDocument.load(bytes, { updateMetadata: false });
  const out = await PDFDocument.create();
  const copied = await out.copyPages(
    source,
    pages.map((p) => p - 1),
  );
  for (const page of copied) out.addPage(page);
  out.setTitle(title);
  out.setProducer('bulletin-qa-bot (pdf-lib)');
  return out.save();
}

/** The number of pages of a PDF. */
export async function pdfPageCount(bytes: Uint8Array): Promise<number> {
  return (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
}
