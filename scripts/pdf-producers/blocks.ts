/**
 * A bulletin text (the test fixtures' format, .txt or .md) as the blocks a typesetter lays out:
 * cover, masthead and TOC lines, then per article its 编者按, title, document number, headings,
 * paragraphs, table rows and source line. The producers (Chromium, LibreOffice) set these blocks
 * in their own way; which text lands on which page is read back from their PDFs by pdftotext.
 */
import { foldAlphanumerics, stripMarkdown } from '../../src/bulletin/normalize.js';
import { isTocHeading, parseToc } from '../../src/bulletin/toc.js';
import { locateTitles } from '../../src/bulletin/locate-titles.js';
import { headingOf } from '../../src/bulletin/structure.js';
import type { TocEntry } from '../../src/domain/bulletin.js';

export type Block =
  | { kind: 'label' | 'title' | 'subtitle' | 'docno' | 'heading' | 'para' | 'caption' | 'source'; text: string }
  | { kind: 'table'; rows: string[][] };

export interface BulletinBlocks {
  cover: string[];
  masthead: string[];
  /** TOC lines as printed: the heading, categories and "NN title" entries (wrapped parts on their own lines). */
  toc: string[];
  entries: TocEntry[];
  articles: Block[][];
}

const TABLE_ROW = /^\|(.+)\|$/;
const TABLE_RULE = /^\|[\s:|-]+\|$/;
const DOCUMENT_NUMBER = /^[\p{Script=Han}A-Za-z]{1,16}[〔[［(（]\d{4}[〕\]］)）]\s*\d{1,4}\s*号$/u;

export function bulletinBlocks(file: string, source: string): BulletinBlocks {
  const raw = source.replace(/\r\n?/g, '\n').split('\n');
  const lines = raw.map((l) => stripMarkdown(l));
  const tocAt = lines.findIndex(isTocHeading);
  const { entries, endLine } = parseToc(file, lines, tocAt);
  const titles = locateTitles(file, lines, endLine, entries);
  const mastheadAt = lines.findIndex((l, i) => i > 0 && l === '大数据发展动态' && lines.slice(0, i).some((x) => /第\s*\d+\s*期/.test(x)));
  const nonEmpty = (from: number, to: number) => lines.slice(from, to).filter(Boolean);

  const articles = entries.map((_, k) => {
    const start = articleStart(lines, titles, k, endLine);
    const end = k + 1 < entries.length ? articleStart(lines, titles, k + 1, endLine) : lines.length;
    const blocks: Block[] = [];
    for (let i = start; i < end; i++) {
      const text = lines[i]!;
      if (!text || TABLE_RULE.test(text)) continue;
      const row = TABLE_ROW.exec(text);
      if (row) {
        const cells = row[1]!.split('|').map((c) => c.trim());
        const last = blocks.at(-1);
        if (last?.kind === 'table') last.rows.push(cells);
        else blocks.push({ kind: 'table', rows: [cells] });
        continue;
      }
      const t = titles[k]!;
      if (i >= t.line && i < t.line + t.span) blocks.push({ kind: 'title', text });
      else if (/^(——|--)/.test(text) && blocks.at(-1)?.kind === 'title') blocks.push({ kind: 'subtitle', text });
      else if (/^编\s*者\s*按[:：]?$/.test(text)) blocks.push({ kind: 'label', text });
      else if (DOCUMENT_NUMBER.test(foldAlphanumerics(text))) blocks.push({ kind: 'docno', text });
      else if (/^[（(]\s*来源/.test(text)) blocks.push({ kind: 'source', text });
      else if (/^表\s*\d+\s/.test(text)) blocks.push({ kind: 'caption', text });
      else if (i > t.line && headingOf(raw[i]!)?.inline === false) blocks.push({ kind: 'heading', text });
      else blocks.push({ kind: 'para', text });
    }
    return blocks;
  });
  return {
    cover: nonEmpty(0, mastheadAt),
    masthead: nonEmpty(mastheadAt, tocAt),
    toc: nonEmpty(tocAt, endLine),
    entries,
    articles,
  };
}

/** Where article k starts: at its 编者按 when one stands before the title, else at the title. */
function articleStart(lines: string[], titles: Array<{ line: number; span: number }>, k: number, bodyStart: number): number {
  const lower = k === 0 ? bodyStart : titles[k - 1]!.line + titles[k - 1]!.span;
  for (let i = titles[k]!.line - 1; i >= lower; i--) if (/^编\s*者\s*按/.test(lines[i]!)) return i;
  return titles[k]!.line;
}
