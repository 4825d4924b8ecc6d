import type { TocEntry, IssueRef } from './bulletin.js';
import type { Chunk } from './chunk.js';
import { pageSpan } from './format.js';

/** A source of an answer: which issue, which printed pages, which article, and the quoted passage. */
export interface Citation {
  issue: IssueRef;
  /** [start, end] printed pages; for an open-ended last article both are its start page. */
  pages: [number, number];
  /** True when the article's end page is not printed (the issue's last article). */
  openEnded: boolean;
  title: string;
  quote: string;
  score: number;
  /** The [n] that stands for this source in the answer text, when the text has markers. */
  marker?: number;
  /**
   * What is cited when it is not an article: the masthead (which stands before page 1; `pages` then
   * carry the issue's first printed page so they stay inside its range).
   */
  part?: 'masthead';
}

export function citationFromChunk(chunk: Chunk, quote: string, score: number): Citation {
  return citationFor(chunk.issue, { page: chunk.pages.start, endPage: chunk.pages.end, title: chunk.title }, quote, score);
}

export function citationFor(issue: IssueRef, entry: Pick<TocEntry, 'page' | 'endPage' | 'title'>, quote: string, score: number): Citation {
  return {
    issue: { year: issue.year, number: issue.number, total: issue.total, date: issue.date },
    ...pageSpan(entry),
    title: entry.title,
    quote,
    score: Math.round(score * 1000) / 1000,
  };
}

/** Two citations name the same source when issue, pages and title agree. */
export function sameSource(a: Citation, b: Citation): boolean {
  return a.issue.total === b.issue.total && a.pages[0] === b.pages[0] && a.title === b.title;
}
