import type { OriginalProblem } from './types.js';

/*
 * What the service and the renderer process (render-child.ts) say to each other over IPC
 * (structured clone, so PNG and PDF bytes pass as they are).
 */

interface FileRef {
  /** Absolute path of the PDF. */
  file: string;
  /** The content hash of the file as it was indexed: the renderer reads the file and refuses other content. */
  sha256: string;
  /** The article's printed pages from the TOC; null end: the last article, to the end of the file. */
  article: [number, number | null];
}

/** The page or pages holding `quote`, looked for first on the citation's printed pages, then on the article's. */
export interface PageJob extends FileRef {
  kind: 'page';
  quote: string;
  pages: [number, number];
  /** Pixels across. */
  width: number;
}

/** The article's own pages cut into a PDF of their own. */
export interface ArticleJob extends FileRef {
  kind: 'article';
  title: string;
}

export type RenderJob = PageJob | ArticleJob;

export interface RenderedPage {
  pdfPage: number;
  printed: number | null;
  png: Uint8Array;
  width: number;
  height: number;
  highlighted: boolean;
  /** Where the highlight went (PDF points from the top left), for the cache key. */
  rectsKey: string;
}

export type JobResult =
  | { kind: 'page'; pages: RenderedPage[] }
  | { kind: 'article'; pdf: Uint8Array; pdfPages: number[]; printed: [number, number] };

export type ParentMessage = { type: 'job'; id: number; job: RenderJob } | { type: 'usage'; id: number };

export type ChildMessage =
  | { type: 'done'; id: number; result: JobResult }
  | { type: 'failed'; id: number; problem: OriginalProblem; detail: string }
  | { type: 'usage'; id: number; maxRssBytes: number }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> };
