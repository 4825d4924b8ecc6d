import type { IssueRef, TocEntry } from './bulletin.js';
import type { Language } from './language.js';

/*
 * The one formatter for issues, pages and citations, in Chinese and English. Answers, channels,
 * digests, uploads, the feedback report and log lines all name an issue through these functions,
 * so that 2023年第36期（总第147期） is written the same way everywhere.
 */

export const BULLETIN_NAME = '大数据发展动态';

/** What names an issue: the year's number and the number across years. */
export type IssueNumbers = Pick<IssueRef, 'year' | 'number' | 'total'>;

/** The printed pages of a source; a Citation is one, a TOC entry becomes one through pageSpan. */
export interface PageSpan {
  pages: [number, number];
  /** The end page is not printed (the issue's last article): 第34页起. */
  openEnded: boolean;
  part?: 'masthead';
}

/** What the formatter needs of a citation (a Citation, or a citation as the feedback log keeps it). */
export interface CitedPlace extends PageSpan {
  issue: IssueNumbers;
  title: string;
}

/** The pages of a TOC entry, as a citation of it would carry them. */
export function pageSpan(entry: Pick<TocEntry, 'page' | 'endPage'>): PageSpan {
  return { pages: [entry.page, entry.endPage ?? entry.page], openEnded: entry.endPage === null };
}

/** 2023年9月8日; English answers keep the ISO date (2023-09-08). */
export function formatDate(iso: string, language: Language = 'zh'): string {
  if (language === 'en') return iso;
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * 2023年第36期（总第147期） or 2023 No. 36 (No. 147 overall); without the total (`total: false`,
 * as the masthead line names an issue) 2023年第36期 or 2023 No. 36.
 */
export function formatIssue(issue: IssueNumbers, language: Language = 'zh', options: { total?: boolean } = {}): string {
  const withTotal = options.total ?? true;
  if (language === 'en') return `${issue.year} No. ${issue.number}${withTotal ? ` (No. ${issue.total} overall)` : ''}`;
  return `${issue.year}年第${issue.number}期${withTotal ? `（总第${issue.total}期）` : ''}`;
}

/**
 * An issue with its date: 'iso' for log lines, 2023年第36期（总第147期，2023-09-08）; 'published'
 * for answers, 2023年第36期（总第147期，2023年9月8日出版） or 2023 No. 36 (No. 147 overall), published 2023-09-08.
 */
export function formatIssueDated(issue: IssueRef, language: Language, style: 'iso' | 'published'): string {
  const date = style === 'iso' ? issue.date : formatDate(issue.date, language);
  if (language === 'en')
    return style === 'iso'
      ? `${issue.year} No. ${issue.number} (No. ${issue.total} overall, ${date})`
      : `${formatIssue(issue, 'en')}, published ${date}`;
  return `${issue.year}年第${issue.number}期（总第${issue.total}期，${date}${style === 'published' ? '出版' : ''}）`;
}

/** 《大数据发展动态》2023年第36期（总第147期）: an issue as the title of a digest or an upload's description. */
export function formatNamedIssue(issue: IssueNumbers, language: Language = 'zh'): string {
  return `《${BULLETIN_NAME}》${formatIssue(issue, language)}`;
}

/**
 * An issue as a question names it, perhaps only in part: 总第153期, 2023年第42期, 第42期; in English
 * No. 153 overall, 2023 No. 42, No. 42.
 */
export function formatIssueAsked(asked: Partial<IssueNumbers>, language: Language = 'zh'): string {
  if (language === 'en')
    return asked.total !== undefined ? `No. ${asked.total} overall` : `${asked.year ? `${asked.year} ` : ''}No. ${asked.number ?? '?'}`;
  return asked.total !== undefined ? `总第${asked.total}期` : `${asked.year ? `${asked.year}年` : ''}第${asked.number ?? '?'}期`;
}

/** 第7–11页, 第9页, 第34页起 (the end page is not printed), 刊头; p. 9, pp. 7–11, p. 34 ff., masthead. */
export function formatPages(span: PageSpan, language: Language = 'zh'): string {
  const [start, end] = span.pages;
  if (span.part === 'masthead') return language === 'en' ? 'masthead' : '刊头';
  if (language === 'en') return span.openEnded ? `p. ${start} ff.` : start === end ? `p. ${start}` : `pp. ${start}–${end}`;
  return span.openEnded ? `第${start}页起` : start === end ? `第${start}页` : `第${start}–${end}页`;
}

/** 2023年第36期（总第147期）第7–11页, or 2023 No. 36 (No. 147 overall), pp. 7–11: issue and pages, without name or title. */
export function formatWhere(c: Omit<CitedPlace, 'title'>, language: Language = 'zh'): string {
  return language === 'en' ? `${formatIssue(c.issue, 'en')}, ${formatPages(c, 'en')}` : `${formatIssue(c.issue)}${formatPages(c)}`;
}

/**
 * 《大数据发展动态》2023年第36期（总第147期）第7–11页《贵州省工业领域数字化转型实施方案(2023-2025年)》, or in
 * English 《大数据发展动态》2023 No. 36 (No. 147 overall), pp. 7–11, 《…》. `name: false` leaves out the
 * bulletin's name (the feedback report lists nothing else); `title: false` the article's title (a
 * list that names the article before it). The masthead has no title.
 */
export function formatCitation(c: CitedPlace, language: Language = 'zh', options: { name?: boolean; title?: boolean } = {}): string {
  const name = (options.name ?? true) ? `《${BULLETIN_NAME}》` : '';
  const title = (options.title ?? true) && c.part !== 'masthead' ? `《${c.title}》` : '';
  if (language === 'en') return `${name}${formatWhere(c, 'en')}${title ? `, ${title}` : ''}`;
  return `${name}${formatWhere(c)}${title}`;
}
