import { BulletinParseError } from './parse-error.js';
import { KNOWN_CATEGORIES, type TocEntry } from '../domain/bulletin.js';
import { foldAlphanumerics, stripMarkdown, tidySpaces } from './normalize.js';
import type { LinePlace } from './page-marker.js';

const TOC_HEADING = /^本\s*期\s*要\s*目$/;
const ENTRY = /^(\d{1,3})\s+(\S.*)$/;

export function isTocHeading(line: string): boolean {
  return TOC_HEADING.test(stripMarkdown(foldAlphanumerics(line)));
}

export interface TocParse {
  entries: TocEntry[];
  /** Index of the first line after the table of contents. */
  endLine: number;
}

/**
 * 本期要目: category lines, "NN title" lines with the printed start page, and titles that wrap
 * onto a following line ("(征求意见稿)"). The TOC ends at the first line that is none of these.
 */
export function parseToc(file: string, lines: string[], headingLine: number, places: LinePlace[] | null = null): TocParse {
  const entries: Array<Omit<TocEntry, 'endPage'>> = [];
  let category = '';
  let lastEntryLine = -1;
  // From PDF, a title wraps on its own page: a short line on the next page (an inside cover) is not part of it.
  const samePage = (a: number, b: number) => !places || places[a]!.sheet === places[b]!.sheet;
  let i = headingLine + 1;
  for (; i < lines.length; i++) {
    const line = tidyTocLine(lines[i]!);
    if (!line) continue;
    const entry = ENTRY.exec(line);
    if (entry) {
      entries.push({ category, page: Number(entry[1]), title: entry[2]!.trim() });
      lastEntryLine = i;
      continue;
    }
    const next = nextNonEmpty(lines, i + 1);
    const nextIsEntry = next !== null && ENTRY.test(next);
    if (isCategory(line, nextIsEntry)) {
      category = line.replace(/\s/g, '');
      continue;
    }
    const last = entries.at(-1);
    if (last && isWrappedTitle(line, next) && samePage(lastEntryLine, i)) {
      last.title = joinWrapped(last.title, line);
      continue;
    }
    break;
  }
  if (entries.length === 0) throw new BulletinParseError(file, 'the table of contents (本期要目) lists no articles');
  for (let k = 1; k < entries.length; k++) {
    if (entries[k]!.page <= entries[k - 1]!.page) {
      throw new BulletinParseError(file, `table of contents pages do not increase at "${entries[k]!.title}" (page ${entries[k]!.page})`);
    }
  }
  return {
    entries: entries.map((e, k) => ({ ...e, endPage: k + 1 < entries.length ? entries[k + 1]!.page - 1 : null })),
    endLine: i,
  };
}

/** Spaces are tidied after the page number is split off, which tidying would glue to a title. */
function tidyTocLine(raw: string): string {
  const line = stripMarkdown(foldAlphanumerics(raw)).trim();
  const entry = /^(\d{1,3})\s*(?=\D)(.*)$/u.exec(line);
  return entry ? `${entry[1]} ${tidySpaces(entry[2]!)}` : tidySpaces(line);
}

function nextNonEmpty(lines: string[], from: number): string | null {
  for (let i = from; i < lines.length; i++) {
    const l = tidyTocLine(lines[i]!);
    if (l) return l;
  }
  return null;
}

function isCategory(line: string, nextIsEntry: boolean): boolean {
  const compact = line.replace(/\s/g, '');
  if ((KNOWN_CATEGORIES as readonly string[]).includes(compact)) return true;
  // An unknown column name: a short heading immediately followed by a page-numbered entry.
  return nextIsEntry && compact.length <= 6 && /^\p{Script=Han}+$/u.test(compact);
}

/** A continuation is a bracketed or dash-led fragment, or any short line sitting between two entries. */
function isWrappedTitle(line: string, next: string | null): boolean {
  if (line.length > 40) return false;
  if (/^[(（[【—-]/.test(line)) return true;
  return next !== null && (ENTRY.test(next) || isCategory(next, true));
}

function joinWrapped(title: string, fragment: string): string {
  return /[A-Za-z0-9)）]$/.test(title) || /^[(（]/.test(fragment) ? `${title} ${fragment}` : title + fragment;
}
