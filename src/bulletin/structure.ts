import type { PageBreak, Paragraph } from '../domain/bulletin.js';
import { foldAlphanumerics, stripMarkdown, tidySpaces } from './normalize.js';

/** Heading markers by depth: 一、 （一） 1. （1）. */
const NUMBERED: Array<{ rank: number; pattern: RegExp }> = [
  { rank: 1, pattern: /^[一二三四五六七八九十]{1,3}[、.]/ },
  { rank: 2, pattern: /^[(（][一二三四五六七八九十]{1,3}[)）]/ },
  { rank: 3, pattern: /^\d{1,2}(?:[、．]|\.(?!\d))/ },
  { rank: 4, pattern: /^[(（]\d{1,2}[)）]/ },
];
const MAX_HEADING = 40;
/** A table row as the text bulletins and the PDF converter write it: `| cell | cell |`; `| --- | --- |` rules go. */
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_RULE = /^\s*\|[\s:|-]+\|\s*$/;
const SENTENCE_END = /[。！？!?；;：:”"’」』）)…]$/;

interface Heading {
  rank: number;
  text: string;
  /** The line also carries body text after its lead clause. */
  inline: boolean;
}

/** Classifies a line as a heading: Markdown #, or a numbered marker on a short line or lead clause. */
export function headingOf(raw: string): Heading | null {
  const hashes = /^\s*(#{1,6})\s+/.exec(raw)?.[1]?.length ?? 0;
  const line = tidySpaces(stripMarkdown(foldAlphanumerics(raw)));
  if (!line) return null;
  const numbered = NUMBERED.find((n) => n.pattern.test(line));
  if (line.length <= MAX_HEADING && !/[。；;]$/.test(line)) {
    if (numbered) return { rank: numbered.rank, text: line, inline: false };
    if (hashes) return { rank: Math.max(1, hashes - 1), text: line, inline: false };
    return null;
  }
  if (numbered) {
    const lead = /^[^。！？；]{1,40}[。！？；]/.exec(line)?.[0];
    if (lead) return { rank: numbered.rank, text: lead.replace(/[。！？；]$/, ''), inline: true };
  }
  return null;
}

/** A body line with its place in the printed bulletin (PDF input): see LinePlace. */
export interface BodyLine {
  text: string;
  page: number | null;
  breaks: PageBreak[];
}

/**
 * Turns an article's body lines into paragraphs that carry their section path. Lines broken by the
 * PDF converter in mid-sentence are joined back together. Lines from a PDF carry their pages, and
 * the paragraphs record where their text crosses onto another page.
 */
export function buildParagraphs(lines: ReadonlyArray<string | BodyLine>): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  const stack: Heading[] = [];
  let pending: string | null = null;
  let pendingPath: string[] = [];
  let breaks: PageBreak[] = [];

  const flush = () => {
    if (pending) paragraphs.push(withPages({ sectionPath: pendingPath, text: pending }, breaks));
    pending = null;
    breaks = [];
  };

  for (const entry of lines) {
    const { text: raw, page, breaks: rawBreaks } = typeof entry === 'string' ? { text: entry, page: null, breaks: [] } : entry;
    if (!raw.trim() || TABLE_RULE.test(raw)) continue;
    if (TABLE_ROW.test(raw)) {
      // A row is a paragraph of its own: never joined to the row or the paragraph around it.
      flush();
      pending = tidy(raw);
      pendingPath = stack.map((h) => h.text);
      notePages(breaks, 0, page, raw, rawBreaks);
      flush();
      continue;
    }
    const heading = headingOf(raw);
    const text = tidy(raw);
    if (heading) {
      flush();
      while (stack.length && stack.at(-1)!.rank >= heading.rank) stack.pop();
      stack.push(heading);
      if (!heading.inline) continue;
    }
    const path = stack.map((h) => h.text);
    if (pending !== null && !SENTENCE_END.test(pending) && !heading && sameSection(pendingPath, path)) {
      const joined = joinBroken(pending, text);
      notePages(breaks, joined.length - text.length, page, raw, rawBreaks);
      pending = joined;
      continue;
    }
    flush();
    pending = text;
    pendingPath = path;
    notePages(breaks, 0, page, raw, rawBreaks);
  }
  flush();
  return paragraphs;
}

const tidy = (raw: string) => tidySpaces(stripMarkdown(foldAlphanumerics(raw)));

/** Records the pages of a line that starts at `offset` of the paragraph; its own breaks count in the raw line. */
function notePages(breaks: PageBreak[], offset: number, page: number | null, raw: string, rawBreaks: PageBreak[]): void {
  const note = (at: number, p: number | null) => {
    if (p !== null && breaks.at(-1)?.page !== p) breaks.push({ offset: at, page: p });
  };
  note(offset, page);
  for (const b of rawBreaks) note(offset + tidy(raw.slice(0, b.offset)).length, b.page);
}

function withPages(paragraph: Paragraph, breaks: PageBreak[]): Paragraph {
  if (!breaks.length) return paragraph;
  return {
    ...paragraph,
    pages: [breaks[0]!.page, breaks.at(-1)!.page],
    pageBreaks: breaks.map((b, i) => (i === 0 ? { ...b, offset: 0 } : b)),
  };
}

function sameSection(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((h, i) => h === b[i]);
}

function joinBroken(left: string, right: string): string {
  return /[A-Za-z0-9]$/.test(left) && /^[A-Za-z0-9]/.test(right) ? `${left} ${right}` : left + right;
}
