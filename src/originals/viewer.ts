import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { citationFor, type Citation } from '../domain/citation.js';
import type { CorpusData } from '../domain/corpus.js';
import { BULLETIN_NAME, formatIssue } from '../domain/format.js';
import type { Manifest } from '../store/manifest.js';
import type { Logger } from '../util/log.js';
import { pdfPageCount } from '../vendors/pdf-lib.js';
import type { PageCache } from './page-cache.js';
import { passageFor } from './passage.js';
import type { JobRunner } from './renderer.js';
import { checkIndexed, citedSource, type CitedSource } from './source.js';
import {
  OriginalUnavailableError,
  type OriginalDocument,
  type OriginalPage,
  type OriginalProblem,
  type OriginalsDesk,
  type OriginalView,
} from './types.js';
import { errorMessage } from '../util/app-error.js';
import { safeJson } from '../util/json-file.js';

/** Problems that are no fault of the files: a download asked of a text bulletin, an issue since removed, a busy renderer. */
const EXPECTED = new Set<OriginalProblem>(['not-pdf', 'not-indexed', 'busy']);

/** Part of every cache key: bump it when rendering changes, so that pages cached before are not shown again. */
const RENDER_VERSION = 1;

export interface ViewerDeps {
  /** The index being served: its bulletins and the manifest with each file's content hash. */
  corpus: () => CorpusData;
  manifest: () => Manifest;
  bulletinsDir: string;
  cache: PageCache;
  renderer: JobRunner;
  /** Page images are this many pixels across. */
  width: number;
  log: Logger;
}

/** A cached view: which page images show a quote. */
interface CachedView {
  pages: Array<Omit<OriginalPage, 'png'> & { image: string }>;
}

/** A cached view as read back from disk; one that is not of this shape (a damaged cache file) is rendered again. */
const cachedViewSchema: z.ZodType<CachedView> = z.object({
  pages: z.array(
    z.object({
      width: z.number(),
      height: z.number(),
      pdfPage: z.number().int(),
      printed: z.number().int().nullable(),
      highlighted: z.boolean(),
      image: z.string(),
    }),
  ),
});

/**
 * The cited pages themselves: finds the file and article of a citation in the index being served,
 * checks the file is still the one indexed, and returns its pages rendered with the quote
 * highlighted (or, for a text bulletin, the paragraph around the quote), or the article cut out as
 * a PDF. Pages and articles are cached on disk by the file's content hash, so another file under
 * the same name never shows a page cached from the first. Every failure is logged once here and
 * thrown as OriginalUnavailableError, for the user's one polite sentence.
 */
export class OriginalsViewer implements OriginalsDesk {
  constructor(private readonly deps: ViewerDeps) {}

  kindOf(citation: Citation): 'pdf' | 'text' | null {
    return this.source(citation)?.kind ?? null;
  }

  warm(): void {
    this.deps.renderer.warm?.();
  }

  view(citation: Citation): Promise<OriginalView> {
    return this.logged('view', citation, async () => {
      const source = this.require(citation);
      await checkIndexed(source);
      if (source.kind === 'text') return { kind: 'passage', citation, passage: await passageFor(source, citation.quote) };
      return { kind: 'pages', citation, pages: await this.pages(source, citation) };
    });
  }

  cut(citation: Citation): Promise<OriginalDocument> {
    return this.logged('cut', citation, async () => {
      const source = this.require(citation);
      if (source.kind !== 'pdf') throw new OriginalUnavailableError('not-pdf', `${source.bulletin.file} is a text bulletin`);
      await checkIndexed(source);
      const { article, bulletin } = source;
      const key = `article-${hashPart(source)}-${article.page}-${article.endPage ?? 'end'}-v${RENDER_VERSION}.pdf`;
      let bytes = await this.deps.cache.get(key);
      if (!bytes) {
        const result = await this.deps.renderer.run({ kind: 'article', ...this.fileRef(source), title: article.title });
        if (result.kind !== 'article') throw new OriginalUnavailableError('failed', 'the renderer answered another job');
        bytes = Buffer.from(result.pdf);
        await this.deps.cache.put(key, bytes);
      }
      return {
        bytes,
        fileName: articleFileName(bulletin.cover, article.title),
        citation: citationFor(bulletin.cover, article, '', 1),
        pageCount: await pdfPageCount(bytes),
      };
    });
  }

  private async pages(source: CitedSource, citation: Citation): Promise<OriginalPage[]> {
    const { cache, width } = this.deps;
    const viewKey = `view-${hashPart(source)}-${digest([RENDER_VERSION, width, citation.quote, citation.pages, source.article.page, source.article.endPage])}.json`;
    const cached = await cache.get(viewKey);
    const read = cached ? cachedViewSchema.safeParse(safeJson(cached.toString('utf8'))) : null;
    if (read?.success) {
      const view = read.data;
      const images = await Promise.all(view.pages.map((p) => cache.get(p.image)));
      if (images.every((png) => png !== null)) return view.pages.map(({ image: _image, ...p }, i) => ({ ...p, png: images[i]! }));
    }
    const result = await this.deps.renderer.run({
      kind: 'page',
      ...this.fileRef(source),
      quote: citation.quote,
      pages: citation.pages,
      width,
    });
    if (result.kind !== 'page') throw new OriginalUnavailableError('failed', 'the renderer answered another job');
    const pages = result.pages.map(({ rectsKey: _rects, ...p }) => ({ ...p, png: Buffer.from(p.png) }));
    const view: CachedView = { pages: [] };
    for (const [i, page] of pages.entries()) {
      const image = `page-${hashPart(source)}-p${page.pdfPage}-w${width}-${digest([RENDER_VERSION, result.pages[i]!.rectsKey])}.png`;
      await cache.put(image, page.png);
      const { png: _png, ...meta } = page;
      view.pages.push({ ...meta, image });
    }
    await cache.put(viewKey, Buffer.from(JSON.stringify(view)));
    return pages;
  }

  private fileRef(source: CitedSource) {
    return {
      file: source.path,
      sha256: source.indexed.sha256,
      article: [source.article.page, source.article.endPage] as [number, number | null],
    };
  }

  private source(citation: Citation): CitedSource | null {
    return citedSource(citation, this.deps.corpus(), this.deps.manifest(), this.deps.bulletinsDir);
  }

  private require(citation: Citation): CitedSource {
    const source = this.source(citation);
    if (!source)
      throw new OriginalUnavailableError('not-indexed', `issue ${citation.issue.total} 《${citation.title}》 is not in the index`);
    return source;
  }

  private async logged<T>(what: string, citation: Citation, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const known =
        error instanceof OriginalUnavailableError ? error : new OriginalUnavailableError('failed', errorMessage(error), { cause: error });
      // A file gone, changed or unreadable needs someone to look at it; the rest is ordinary.
      const level = EXPECTED.has(known.problem) ? 'info' : 'warn';
      this.deps.log[level](`original ${what}: ${known.problem}`, {
        issue: citation.issue.total,
        title: citation.title,
        detail: known.detail,
      });
      throw known;
    }
  }
}

/** 大数据发展动态2031年第14期（总第306期）-关于加快公共算力服务体系建设的指导意见.pdf, safe on every file system. */
export function articleFileName(issue: Parameters<typeof formatIssue>[0], title: string): string {
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim();
  const shortTitle = [...safe(title)].slice(0, 60).join('');
  return `${BULLETIN_NAME}${formatIssue(issue)}-${shortTitle}.pdf`;
}

/** The content hash as it stands in cache keys (96 bits: two different files never meet). */
function hashPart(source: CitedSource): string {
  return source.indexed.sha256.slice(0, 24);
}

function digest(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

export const originalsCacheDir = (stateDir: string) => path.join(stateDir, 'page-cache');
