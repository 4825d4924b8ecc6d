import type { Citation } from '../domain/citation.js';
import { AppError } from '../util/app-error.js';

/*
 * What the 查看原文 and 下载原文 buttons (and the REPL's /page and /pdf) get of a cited source: the
 * printed pages themselves as images, a passage of a text bulletin, or the article cut out of its
 * issue as a PDF of its own.
 */

/** One printed page as an image, the quoted sentence highlighted on it when it could be found. */
export interface OriginalPage {
  png: Buffer;
  width: number;
  height: number;
  /** 1-based page of the PDF file. */
  pdfPage: number;
  /** Its printed number; null on unnumbered pages. */
  printed: number | null;
  highlighted: boolean;
}

/** The paragraph of a text bulletin that holds the quote, cut into the text before it, the quote and after it. */
export interface OriginalPassage {
  before: string;
  sentence: string;
  after: string;
}

export type OriginalView =
  | { kind: 'pages'; citation: Citation; pages: OriginalPage[] }
  | { kind: 'passage'; citation: Citation; passage: OriginalPassage };

/** An article's own pages as a PDF file. */
export interface OriginalDocument {
  bytes: Buffer;
  /** Named after the issue and the article. */
  fileName: string;
  /** The article as a citation of its whole TOC range (for the caption). */
  citation: Citation;
  pageCount: number;
}

/**
 * Why a source cannot be shown: its file is gone from BULLETINS_DIR, was replaced by other content
 * since it was indexed, cannot be read as a PDF, is not a PDF (下载原文 of a text bulletin), is no
 * longer in the index, the renderer is busy or failed, or the quoted page is not in the file.
 */
export type OriginalProblem = 'missing' | 'replaced' | 'broken' | 'not-pdf' | 'not-indexed' | 'busy' | 'failed' | 'page-not-found';

export class OriginalUnavailableError extends AppError {
  override readonly name = 'OriginalUnavailableError';
  constructor(
    readonly problem: OriginalProblem,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${problem}: ${detail}`, options);
  }
}

/** What channels and the REPL use: kept small so that they can be tested with a fake. */
export interface OriginalsDesk {
  /** What the citation's bulletin can show: its printed pages ('pdf'), a passage of its text ('text'), or nothing. */
  kindOf(citation: Citation): 'pdf' | 'text' | null;
  /** The page or pages that hold the citation's quote, or (text bulletins) the paragraph around it. */
  view(citation: Citation): Promise<OriginalView>;
  /** The cited article's own pages as a PDF. */
  cut(citation: Citation): Promise<OriginalDocument>;
  /** Gets ready for a press that may come (an answer with PDF sources was just shown): starts the renderer. */
  warm?(): void;
}
