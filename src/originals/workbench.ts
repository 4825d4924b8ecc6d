import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { BulletinParseError } from '../bulletin/parse-error.js';
import { convertPages } from '../pdf/convert.js';
import { pageGlyphs, type PageGlyphs } from '../pdf/glyphs.js';
import { readPdfText } from '../pdf/read-pdf-text.js';
import { locateQuote, type PageHighlight } from '../pdf/locate-quote.js';
import type { PageOcr } from '../pdf/ocr.js';
import type { PageMap } from '../pdf/page-map.js';
import { openPdfForRendering, renderPage } from '../pdf/render.js';
import { cutPdfPages } from '../vendors/pdf-lib.js';
import type { ArticleJob, JobResult, PageJob, RenderedPage, RenderJob } from './render-jobs.js';
import { OriginalUnavailableError } from './types.js';
import { errorMessage } from '../util/app-error.js';

/** What is read once per PDF (by content hash): its printed page numbers and its characters' positions. */
interface Analysis {
  map: PageMap;
  glyphs: PageGlyphs[];
  /** Pages without a text layer were read by OCR. */
  ocr: boolean;
}

/** PDFs whose analysis is kept: the few issues people are asking about at a time. */
const ANALYSES_KEPT = 4;

/**
 * The renderer's work, in whichever process runs it (render-child.ts in the service): reads the
 * indexed PDF, finds the printed pages of a citation exactly as ingest numbered them, finds the
 * quote on them, and renders those pages with the quote highlighted; or cuts an article's pages
 * out. The file must still be the one indexed (same content hash), or nothing is shown.
 */
export class PdfWorkbench {
  private readonly analyses = new LRUCache<string, Analysis>({ max: ANALYSES_KEPT });

  /** `ocr` reads pages without a text layer (scans), as ingest did; without it such pages show unmarked. */
  constructor(private readonly ocr: (() => PageOcr) | null = null) {}

  async run(job: RenderJob): Promise<JobResult> {
    const bytes = await readIndexed(job.file, job.sha256);
    try {
      return job.kind === 'page' ? await this.page(job, bytes) : await this.article(job, bytes);
    } catch (error) {
      if (error instanceof OriginalUnavailableError) throw error;
      if (error instanceof BulletinParseError) throw new OriginalUnavailableError('broken', error.message);
      throw new OriginalUnavailableError('failed', errorMessage(error), { cause: error });
    }
  }

  private async page(job: PageJob, bytes: Buffer): Promise<JobResult> {
    let analysis = await this.analyse(job, bytes, false);
    const cited = pdfPagesFor(analysis.map, job.pages);
    if (!cited.length) throw new OriginalUnavailableError('page-not-found', `no PDF page is printed ${job.pages.join('–')}`);
    let found = this.find(analysis, job, cited);
    // A cited page without a text layer: read it by OCR, as ingest did, and look again.
    if (!found && this.ocr && !analysis.ocr && cited.some((p) => !analysis.glyphs[p - 1]?.glyphs.length)) {
      analysis = await this.analyse(job, bytes, true);
      found = this.find(analysis, job, cited);
    }
    const shown: PageHighlight[] = found ?? [{ pdfPage: cited[0]!, rects: [] }];
    const doc = await openPdfForRendering(job.file, bytes);
    try {
      const pages: RenderedPage[] = [];
      for (const { pdfPage, rects } of shown) {
        const image = await renderPage(doc, pdfPage, job.width, rects);
        const rectsKey = rects.map((r) => [r.left, r.top, r.right, r.bottom].map((v) => v.toFixed(1)).join(',')).join(';');
        pages.push({ ...image, pdfPage, printed: analysis.map[pdfPage - 1] ?? null, rectsKey: image.highlighted ? rectsKey : '' });
      }
      return { kind: 'page', pages };
    } finally {
      await doc.destroy();
    }
  }

  /** The quote on the cited pages, else anywhere in its article (a where-answer cites the whole article). */
  private find(analysis: Analysis, job: PageJob, cited: number[]): PageHighlight[] | null {
    const on = (pages: number[]) => pages.map((p) => analysis.glyphs[p - 1]!).filter(Boolean);
    return locateQuote(on(cited), job.quote) ?? locateQuote(on(pdfPagesFor(analysis.map, job.article)), job.quote);
  }

  private async article(job: ArticleJob, bytes: Buffer): Promise<JobResult> {
    const { map } = await this.analyse(job, bytes, false);
    const pdfPages = pdfPagesFor(map, job.article);
    if (!pdfPages.length) throw new OriginalUnavailableError('page-not-found', `no PDF page is printed ${job.article.join('–')}`);
    const pdf = await cutPdfPages(bytes, pdfPages, job.title);
    return { kind: 'article', pdf, pdfPages, printed: [map[pdfPages[0]! - 1]!, map[pdfPages.at(-1)! - 1]!] };
  }

  private async analyse(job: RenderJob, bytes: Buffer, ocr: boolean): Promise<Analysis> {
    const known = this.analyses.get(job.sha256);
    if (known && (known.ocr || !ocr)) return known;
    const name = path.basename(job.file);
    // readPdfText makes the OCR engine only when a page needs it, and closes it.
    const reader = ocr ? this.ocr : null;
    const raw = await readPdfText(name, bytes, reader);
    let map: PageMap;
    try {
      map = convertPages(name, raw, reader ? { ocr: reader } : {}).pages;
    } catch (error) {
      // Without OCR a PDF of scans has no text to number its pages by: read it as ingest did.
      if (ocr || !this.ocr) throw error;
      return this.analyse(job, bytes, true);
    }
    const analysis = { map, glyphs: pageGlyphs(raw), ocr };
    this.analyses.set(job.sha256, analysis);
    return analysis;
  }
}

/** The PDF pages printed with a number in [start, end] (end null: to the end), in file order. */
export function pdfPagesFor(map: PageMap, [start, end]: [number, number | null]): number[] {
  return map.flatMap((printed, i) => (printed !== null && printed >= start && printed <= (end ?? Infinity) ? [i + 1] : []));
}

/** The file's bytes, if it is still the content that was indexed. */
async function readIndexed(file: string, sha256: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new OriginalUnavailableError(code === 'ENOENT' ? 'missing' : 'broken', `${file}: ${code ?? errorMessage(error)}`, {
      cause: error,
    });
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256)
    throw new OriginalUnavailableError(
      'replaced',
      `${file} is not the content indexed (sha256 ${actual.slice(0, 12)}, indexed ${sha256.slice(0, 12)})`,
    );
  return bytes;
}
