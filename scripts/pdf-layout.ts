/**
 * Lays a bulletin text (the test fixtures' format) out as a printed PDF bulletin, for the PDF
 * fixtures and the PDF benchmark: cover, masthead and TOC pages without numbers, then every
 * article starting on the page its TOC entry gives, body paragraphs with a two-character indent
 * that run across page breaks, a running header, and a footer with the printed page number (or,
 * without numbers, a constant footer line). It records which characters went on which printed page,
 * which is the ground truth the PDF tests check citations against.
 */
import PDFDocument from 'pdfkit';
import { createRequire } from 'node:module';
import path from 'node:path';
import { foldAlphanumerics, stripMarkdown } from '../src/bulletin/normalize.js';
import { isTocHeading, parseToc } from '../src/bulletin/toc.js';
import { locateTitles } from '../src/bulletin/locate-titles.js';

/** Noto Sans SC (GB2312 subset) from the @embedpdf/fonts-sc package; pdfkit embeds only the glyphs used. */
export const FONT_PATH = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')),
  '..',
  'fonts',
  'NotoSansHans-Regular.otf',
);

export interface LayoutOptions {
  /** Print page numbers in the footers (otherwise a constant footer line without a number). */
  footers: boolean;
  /** Unnumbered pages before the body besides cover, masthead and TOC (e.g. an inside cover). */
  extraFrontPages?: number;
  /** Running header text on body pages. */
  header: string;
}

/** Ground truth: for each source line of an article body (editor note included), its text per printed page. */
export interface LineTruth {
  article: number;
  pieces: Array<{ page: number; text: string }>;
}

export interface LaidOut {
  pdf: Buffer;
  truth: LineTruth[];
  pdfPages: number;
  /** Printed page of the first body page minus one, i.e. the number of unnumbered PDF pages. */
  frontPages: number;
}

const PAGE: [number, number] = [420, 595];
const MARGIN = { left: 50, right: 50, top: 62, bottom: 62 };
const SIZE = 11;
const LEADING = 18;
const TITLE_SIZE = 15;
const INDENT = 2 * SIZE;
const WIDTH = PAGE[0] - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE[1] - MARGIN.bottom;

type Kind = 'title' | 'centered' | 'label' | 'body';

export async function layOutBulletin(file: string, source: string, options: LayoutOptions): Promise<LaidOut> {
  const lines = source
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => stripMarkdown(l));
  const tocAt = lines.findIndex(isTocHeading);
  const { entries, endLine } = parseToc(file, lines, tocAt);
  const titles = locateTitles(file, lines, endLine, entries);
  const mastheadAt = lines.findIndex((l, i) => i > 0 && l === '大数据发展动态' && lines.slice(0, i).some((x) => /第\s*\d+\s*期/.test(x)));

  const doc = new PDFDocument({ autoFirstPage: false, margin: 0, info: { Title: file, CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('sc', FONT_PATH);

  let pdfPages = 0;
  const newPage = () => {
    doc.addPage({ size: PAGE, margin: 0 });
    doc.font('sc').fontSize(SIZE).fillColor('black');
    pdfPages++;
  };
  const simplePage = (texts: string[], centred: boolean) => {
    newPage();
    let y = MARGIN.top + 40;
    for (const t of texts.filter(Boolean)) {
      doc.fontSize(SIZE).text(t, MARGIN.left, y, { width: WIDTH, align: centred ? 'center' : 'left', lineBreak: false });
      y += LEADING * 1.4;
    }
  };
  simplePage(lines.slice(0, mastheadAt), true);
  simplePage(lines.slice(mastheadAt, tocAt), false);
  simplePage(lines.slice(tocAt, endLine), false);
  for (let i = 0; i < (options.extraFrontPages ?? 0); i++) simplePage(['数字中国 智汇未来'], true);
  const frontPages = pdfPages;

  const truth: LineTruth[] = [];
  let printed = 0;
  let y = 0;
  const bodyPage = () => {
    newPage();
    printed++;
    doc.fontSize(9).text(options.header, MARGIN.left, 28, { width: WIDTH, align: 'right', lineBreak: false });
    doc
      .moveTo(MARGIN.left, 44)
      .lineTo(PAGE[0] - MARGIN.right, 44)
      .lineWidth(0.5)
      .stroke();
    const footer = options.footers ? `- ${printed} -` : '内部资料 注意保存';
    doc.fontSize(9).text(footer, MARGIN.left, PAGE[1] - 36, { width: WIDTH, align: 'center', lineBreak: false });
    doc.fontSize(SIZE);
    y = MARGIN.top;
  };

  for (let k = 0; k < entries.length; k++) {
    const start = articleStart(lines, titles, k, endLine);
    const end = k + 1 < entries.length ? articleStart(lines, titles, k + 1, endLine) : lines.length;
    while (printed < entries[k]!.page) bodyPage();
    const pagesAvailable = k + 1 < entries.length ? entries[k + 1]!.page - entries[k]!.page : Infinity;
    const items = classify(lines, start, end, titles[k]!);
    const bodyChars = items.filter((it) => it.kind === 'body').reduce((n, it) => n + it.text.length, 0);
    // Spread the article over its pages so that paragraphs cross page breaks, as in print.
    const perPage = Number.isFinite(pagesAvailable) ? Math.ceil(bodyChars / pagesAvailable) + 1 : Infinity;
    let onPage = 0;
    const lastPage = entries[k]!.page + (Number.isFinite(pagesAvailable) ? pagesAvailable - 1 : Infinity);
    const nextLine = (height: number) => {
      if (y + height > BOTTOM || (onPage >= perPage && printed < lastPage)) {
        bodyPage();
        onPage = 0;
      }
    };
    for (const item of items) {
      if (item.kind !== 'body') {
        // A long title is set smaller rather than wrapped: one printed line per source line.
        const size =
          item.kind === 'title' ? Math.min(TITLE_SIZE, (TITLE_SIZE * WIDTH) / doc.fontSize(TITLE_SIZE).widthOfString(item.text)) : SIZE;
        nextLine(LEADING * 1.5);
        doc
          .fontSize(size)
          .text(item.text, MARGIN.left, y, { width: WIDTH, align: item.kind === 'label' ? 'left' : 'center', lineBreak: false });
        doc.fontSize(SIZE);
        y += item.kind === 'title' ? LEADING * 1.6 : LEADING * 1.3;
        continue;
      }
      const lineTruth: LineTruth = { article: k, pieces: [] };
      truth.push(lineTruth);
      wrap(doc, item.text).forEach((text, i) => {
        nextLine(LEADING);
        doc.text(text, MARGIN.left + (i === 0 ? INDENT : 0), y, { lineBreak: false });
        const last = lineTruth.pieces.at(-1);
        if (last?.page === printed) last.text += text;
        else lineTruth.pieces.push({ page: printed, text });
        y += LEADING;
        onPage += text.length;
      });
      y += 4;
    }
    if (printed > lastPage)
      throw new Error(`${file}: "${entries[k]!.title}" needs more than its ${pagesAvailable} pages; give it less text`);
  }
  doc.end();
  await done;
  return { pdf: Buffer.concat(chunks), truth, pdfPages, frontPages };
}

/** Where article k starts: at its 编者按 when one stands before the title, else at the title. */
function articleStart(lines: string[], titles: Array<{ line: number; span: number }>, k: number, bodyStart: number): number {
  const lower = k === 0 ? bodyStart : titles[k - 1]!.line + titles[k - 1]!.span;
  for (let i = titles[k]!.line - 1; i >= lower; i--) if (/^编\s*者\s*按/.test(lines[i]!)) return i;
  return titles[k]!.line;
}

function classify(lines: string[], start: number, end: number, title: { line: number; span: number }): Array<{ kind: Kind; text: string }> {
  const out: Array<{ kind: Kind; text: string }> = [];
  for (let i = start; i < end; i++) {
    const text = lines[i]!;
    if (!text) continue;
    const inTitle = i >= title.line && i < title.line + title.span;
    const subtitle = i > title.line && /^(——|--)/.test(text) && out.at(-1)?.kind === 'title';
    const docNumber = /^[\p{Script=Han}A-Za-z]{1,16}[〔[［(（]\d{4}[〕\]］)）]\s*\d{1,4}\s*号$/u.test(foldAlphanumerics(text));
    const kind: Kind = inTitle || subtitle ? 'title' : docNumber ? 'centered' : /^编\s*者\s*按[:：]?$/.test(text) ? 'label' : 'body';
    out.push({ kind, text });
  }
  return out;
}

/** Breaks a paragraph into printed lines: any CJK character may end a line, Latin words and numbers stay whole. */
function wrap(doc: PDFKit.PDFDocument, text: string): string[] {
  const tokens = text.match(/[A-Za-z0-9.%+\-/]+|\s+|./gu) ?? [];
  const out: string[] = [];
  let line = '';
  let width = INDENT;
  for (const token of tokens) {
    const w = doc.widthOfString(token);
    if (line && width + w > WIDTH) {
      out.push(line.trimEnd());
      line = '';
      width = 0;
    }
    if (!line && /^\s+$/.test(token)) continue;
    line += token;
    width += w;
  }
  if (line.trim()) out.push(line.trimEnd());
  return out;
}
