import { BulletinParseError } from './parse-error.js';
import type { Article, Bulletin } from '../domain/bulletin.js';
import { parseCover } from './cover.js';
import { isTocHeading, parseToc } from './toc.js';
import { locateTitles } from './locate-titles.js';
import { splitArticles } from './articles.js';
import { readPageMarkers } from './page-marker.js';

/** Parses the text of one bulletin (plain or Markdown-flavoured, as converted from PDF). */
export function parseBulletin(file: string, text: string): Bulletin {
  if (!text.trim()) throw new BulletinParseError(file, 'the file is empty');
  // Page markers (text converted from PDF) carry form feeds, which would look binary.
  const { lines, places } = readPageMarkers(text.replace(/\r\n?/g, '\n').split('\n'));
  if (looksBinary(places ? lines.join('\n') : text))
    throw new BulletinParseError(file, 'the file is binary, not bulletin text (convert a PDF with `ingest`, which reads .pdf files)');
  const tocAt = lines.findIndex(isTocHeading);
  if (tocAt < 0) throw new BulletinParseError(file, 'no table of contents (本期要目)');
  const { cover, masthead } = parseCover(file, lines.slice(0, tocAt));
  const { entries, endLine } = parseToc(file, lines, tocAt, places);
  const titles = locateTitles(file, lines, endLine, entries);
  const articles = splitArticles(lines, endLine, entries, titles, places);
  return { file, cover, masthead, toc: entries, articles, warnings: pageWarnings(articles) };
}

/** A title printed on another page than the TOC gives: the TOC or the page numbering is off. */
function pageWarnings(articles: Article[]): string[] {
  return articles
    .filter((a) => a.titlePage != null && a.titlePage !== a.toc.page)
    .map((a) => `"${a.toc.title}": the table of contents gives page ${a.toc.page}, the title is printed on page ${a.titlePage}`);
}

function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  let control = 0;
  for (const ch of sample) {
    const c = ch.codePointAt(0)!;
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  return control > sample.length * 0.02;
}
