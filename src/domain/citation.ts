import type { TocEntry, IssueRef } from './bulletin.js';
import type { Chunk } from './chunk.js';
import type { Language } from './language.js';

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

export const BULLETIN_NAME = '大数据发展动态';

export function citationFromChunk(chunk: Chunk, quote: string, score: number): Citation {
  return citationFor(chunk.issue, { page: chunk.pages.start, endPage: chunk.pages.end, title: chunk.title }, quote, score);
}

export function citationFor(issue: IssueRef, entry: Pick<TocEntry, 'page' | 'endPage' | 'title'>, quote: string, score: number): Citation {
  return {
    issue: { year: issue.year, number: issue.number, total: issue.total, date: issue.date },
    pages: [entry.page, entry.endPage ?? entry.page],
    openEnded: entry.endPage === null,
    title: entry.title,
    quote,
    score: Math.round(score * 1000) / 1000,
  };
}

/** 第7–11页, 第9页, or 第34页起 for an article whose end page is not printed. */
export function formatPages(c: Citation, language: Language = 'zh'): string {
  const [start, end] = c.pages;
  if (c.part === 'masthead') return language === 'en' ? 'masthead' : '刊头';
  if (language === 'en') return c.openEnded ? `p. ${start} ff.` : start === end ? `p. ${start}` : `pp. ${start}–${end}`;
  return c.openEnded ? `第${start}页起` : start === end ? `第${start}页` : `第${start}–${end}页`;
}

/** 2023年第36期（总第147期）, or 2023 No. 36 (No. 147 overall). */
export function formatIssue(issue: IssueRef, language: Language = 'zh'): string {
  return language === 'en'
    ? `${issue.year} No. ${issue.number} (No. ${issue.total} overall)`
    : `${issue.year}年第${issue.number}期（总第${issue.total}期）`;
}

/** 2023年第36期（总第147期）第7–11页: the issue and pages of a citation, without the bulletin's name or title. */
export function formatWhere(c: Citation, language: Language = 'zh'): string {
  return language === 'en' ? `${formatIssue(c.issue, 'en')}, ${formatPages(c, 'en')}` : `${formatIssue(c.issue)}${formatPages(c)}`;
}

/** 《大数据发展动态》2023年第36期（总第147期）第7–11页《贵州省工业领域数字化转型实施方案(2023-2025年)》 */
export function formatCitation(c: Citation, language: Language = 'zh'): string {
  const title = c.part === 'masthead' ? '' : `《${c.title}》`;
  if (language === 'en') return `《${BULLETIN_NAME}》${formatWhere(c, 'en')}${title ? `, ${title}` : ''}`;
  return `《${BULLETIN_NAME}》${formatWhere(c)}${title}`;
}

/** Two citations name the same source when issue, pages and title agree. */
export function sameSource(a: Citation, b: Citation): boolean {
  return a.issue.total === b.issue.total && a.pages[0] === b.pages[0] && a.title === b.title;
}
