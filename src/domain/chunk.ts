import type { IssueRef } from './bulletin.js';

/** A retrievable passage of one article, with everything a citation needs. */
export interface Chunk {
  /** Stable id from the issue, the article's position and the text. */
  id: string;
  issue: IssueRef;
  category: string;
  /** The article's title as in the TOC. */
  title: string;
  sectionPath: string[];
  /**
   * Printed pages. From a PDF: the first and last page the chunk's sentences stand on (inside the
   * article's TOC range). From text: the article's TOC start and end page (null when the TOC leaves it open).
   */
  pages: { start: number; end: number | null };
  /** Position of the article in the issue, and of the chunk in the article. */
  articleIndex: number;
  ordinal: number;
  kind: 'editor-note' | 'body';
  text: string;
  /** File the chunk came from, relative to the corpus folder. */
  file: string;
}
