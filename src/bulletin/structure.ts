import type { Paragraph } from './types.js';
import { foldAlphanumerics, stripMarkdown, tidySpaces } from './normalize.js';

/** Heading markers by depth: 一、 （一） 1. （1）. */
const NUMBERED: Array<{ rank: number; pattern: RegExp }> = [
  { rank: 1, pattern: /^[一二三四五六七八九十]{1,3}[、.]/ },
  { rank: 2, pattern: /^[(（][一二三四五六七八九十]{1,3}[)）]/ },
  { rank: 3, pattern: /^\d{1,2}(?:[、．]|\.(?!\d))/ },
  { rank: 4, pattern: /^[(（]\d{1,2}[)）]/ },
];
const MAX_HEADING = 40;
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

/**
 * Turns an article's body lines into paragraphs that carry their section path. Lines broken by the
 * PDF converter in mid-sentence are joined back together.
 */
export function buildParagraphs(lines: string[]): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  const stack: Heading[] = [];
  let pending: string | null = null;
  let pendingPath: string[] = [];

  const flush = () => {
    if (pending) paragraphs.push({ sectionPath: pendingPath, text: pending });
    pending = null;
  };

  for (const raw of lines) {
    if (!raw.trim()) continue;
    const heading = headingOf(raw);
    const text = tidySpaces(stripMarkdown(foldAlphanumerics(raw)));
    if (heading) {
      flush();
      while (stack.length && stack.at(-1)!.rank >= heading.rank) stack.pop();
      stack.push(heading);
      if (!heading.inline) continue;
    }
    const path = stack.map((h) => h.text);
    if (pending !== null && !SENTENCE_END.test(pending) && !heading && sameSection(pendingPath, path)) {
      pending = joinBroken(pending, text);
      continue;
    }
    flush();
    pending = text;
    pendingPath = path;
  }
  flush();
  return paragraphs;
}

function sameSection(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((h, i) => h === b[i]);
}

function joinBroken(left: string, right: string): string {
  return /[A-Za-z0-9]$/.test(left) && /^[A-Za-z0-9]/.test(right) ? `${left} ${right}` : left + right;
}
