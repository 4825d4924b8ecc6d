/** The parsed form of one issue of 《大数据发展动态》. Pages are the printed page numbers of the TOC. */

export const KNOWN_CATEGORIES = ['国策要论', '地方新政', '产业镜像', '前沿观察', '企业动向'] as const;

export interface IssueRef {
  year: number;
  /** 第N期 (restarts every year) */
  number: number;
  /** 总第M期 (runs across years) */
  total: number;
  /** ISO date, YYYY-MM-DD */
  date: string;
}

export interface Cover extends IssueRef {
  headline: string;
}

export interface TocEntry {
  category: string;
  /** Printed start page. */
  page: number;
  /** Next entry's start − 1; null for the last article, whose end is not printed. */
  endPage: number | null;
  title: string;
}

/** From `offset` in a text on, the text stands on printed page `page`. */
export interface PageBreak {
  offset: number;
  page: number;
}

export interface Paragraph {
  /** Headings from the article's top level down to this paragraph, e.g. ["一、总体要求", "（一）指导思想"]. */
  sectionPath: string[];
  text: string;
  /** Printed pages of the first and last character; only for bulletins read from PDF. */
  pages?: [number, number];
  /** Where the text starts and where it crosses onto a new page, in order; the first is at offset 0. */
  pageBreaks?: PageBreak[];
}

export interface Article {
  toc: TocEntry;
  /** The title as printed above the article body (may differ from the TOC in spacing and punctuation). */
  printedTitle: string;
  editorNote: string | null;
  documentNumber: string | null;
  source: string | null;
  paragraphs: Paragraph[];
  /** Only for bulletins read from PDF: the printed page of the title, and the pages of the editor's
   * note, with offsets into the note without its line breaks (the text the chunks are cut from). */
  titlePage?: number | null;
  editorNotePageBreaks?: PageBreak[];
}

export interface Masthead {
  /** Role → names or value, e.g. 主编 → 贵阳智能大数据战略研究院. */
  roles: Record<string, string>;
}

export interface Bulletin {
  /** File name relative to the corpus folder. */
  file: string;
  cover: Cover;
  masthead: Masthead;
  toc: TocEntry[];
  articles: Article[];
  /** Things worth a log line that do not stop the parse, e.g. a title printed on another page than the TOC says. */
  warnings: string[];
}

export function issueRef(cover: Cover): IssueRef {
  return { year: cover.year, number: cover.number, total: cover.total, date: cover.date };
}
