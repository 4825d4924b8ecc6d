import type { Article, PageBreak, TocEntry } from '../domain/bulletin.js';
import type { TitleMatch } from './locate-titles.js';
import type { LinePlace } from './page-marker.js';
import { buildParagraphs, type BodyLine } from './structure.js';
import { foldAlphanumerics, stripMarkdown, tidySpaces } from './normalize.js';

const EDITOR_NOTE = /^编\s*者\s*按\s*[:：]?$/;
const DOCUMENT_NUMBER = /^[\p{Script=Han}A-Za-z]{1,16}[〔[［(（]\d{4}[〕\]］)）]\s*\d{1,4}\s*号$/u;
const SOURCE_LINE = /^[（(]\s*来源\s*[:：]\s*(.+?)\s*[）)]$/;
const TRAILING_SOURCE = /[（(]\s*来源\s*[:：]\s*([^（()）]+?)\s*[）)]\s*$/;
/** Leftovers of the printed page, not article text. */
const PAGE_NOISE = /^(扫描二维码.*|扫码阅读.*|新媒体)$/;

const plain = (raw: string) => tidySpaces(stripMarkdown(foldAlphanumerics(raw)));

/**
 * Splits the body into articles at the located titles. An article starts at its 编者按 when one
 * stands between the previous article and its title, and ends where the next article starts.
 */
export function splitArticles(
  lines: string[],
  bodyStart: number,
  toc: TocEntry[],
  titles: TitleMatch[],
  places: LinePlace[] | null = null,
): Article[] {
  const starts = titles.map((t, k) => {
    const lowerBound = k === 0 ? bodyStart : titles[k - 1]!.line + titles[k - 1]!.span;
    for (let i = t.line - 1; i >= lowerBound; i--) if (EDITOR_NOTE.test(plain(lines[i]!))) return i;
    return t.line;
  });
  return toc.map((entry, k) => {
    const end = k + 1 < toc.length ? starts[k + 1]! : lines.length;
    const article = readArticle(lines, places, entry, starts[k]!, titles[k]!, end);
    return places ? { ...article, ...pagesOfFront(lines, places, starts[k]!, titles[k]!) } : article;
  });
}

function readArticle(lines: string[], places: LinePlace[] | null, toc: TocEntry, start: number, title: TitleMatch, end: number): Article {
  const editorNote = start < title.line ? joinLines(lines.slice(start + 1, title.line)) : null;
  const titleParts = lines
    .slice(title.line, title.line + title.span)
    .map(plain)
    .filter(Boolean);
  let i = title.line + title.span;
  // A dash-led subtitle ("——数字创新高地全球图景与中国位势") belongs to the title.
  const next = nextNonEmpty(lines, i, end);
  if (next !== null && /^(——|--)/.test(plain(lines[next]!)) && plain(lines[next]!).length <= 40) {
    titleParts.push(plain(lines[next]!));
    i = next + 1;
  }
  let documentNumber: string | null = null;
  const maybeNumber = nextNonEmpty(lines, i, end);
  if (maybeNumber !== null && DOCUMENT_NUMBER.test(plain(lines[maybeNumber]!))) {
    documentNumber = plain(lines[maybeNumber]!).replace(/\s/g, '');
    i = maybeNumber + 1;
  }
  const body: BodyLine[] = lines
    .slice(i, end)
    .map((text, j) => ({ text, page: places?.[i + j]!.page ?? null, breaks: places?.[i + j]!.breaks ?? [] }))
    .filter((l) => !PAGE_NOISE.test(plain(l.text)));
  const source = takeSource(body);
  return {
    toc,
    printedTitle: titleParts.join(' ').replace(/\s+/g, ' '),
    editorNote: editorNote || null,
    documentNumber,
    source,
    paragraphs: buildParagraphs(body),
  };
}

/** Removes the article's source line (the last 来源 at the end of the body) and returns its text. */
function takeSource(body: BodyLine[]): string | null {
  for (let j = body.length - 1; j >= 0; j--) {
    const line = plain(body[j]!.text);
    if (!line) continue;
    const own = SOURCE_LINE.exec(line);
    if (own) {
      body.splice(j, 1);
      return own[1]!;
    }
    const trailing = TRAILING_SOURCE.exec(line);
    if (trailing) {
      body[j] = { ...body[j]!, text: line.slice(0, trailing.index) };
      return trailing[1]!;
    }
    return null;
  }
  return null;
}

function nextNonEmpty(lines: string[], from: number, end: number): number | null {
  for (let j = from; j < end; j++) if (lines[j]!.trim()) return j;
  return null;
}

function joinLines(lines: string[]): string {
  return lines.map(plain).filter(Boolean).join('\n');
}

/**
 * The printed page of the title, and the page breaks of the editor's note, whose offsets count in
 * the note without line breaks: that is the text the chunker cuts.
 */
function pagesOfFront(
  lines: string[],
  places: LinePlace[],
  start: number,
  title: TitleMatch,
): Pick<Article, 'titlePage' | 'editorNotePageBreaks'> {
  const breaks: PageBreak[] = [];
  let offset = 0;
  const note = (at: number, page: number | null) => {
    if (page !== null && breaks.at(-1)?.page !== page) breaks.push({ offset: breaks.length ? at : 0, page });
  };
  for (let j = start + 1; j < title.line; j++) {
    const text = plain(lines[j]!);
    if (!text) continue;
    note(offset, places[j]!.page);
    for (const b of places[j]!.breaks) note(offset + plain(lines[j]!.slice(0, b.offset)).length, b.page);
    offset += text.length;
  }
  return { titlePage: places[title.line]!.page, ...(start < title.line && breaks.length ? { editorNotePageBreaks: breaks } : {}) };
}
