/**
 * Chromium's "print to PDF" of an HTML layout of a bulletin, as an editor would make it in a
 * browser: Noto CJK fonts (Debian's fonts-noto-cjk, which Chromium embeds as Type 3 glyphs whose
 * text maps many ideographs to Kangxi radicals), CSS paged media for the running header and the
 * footer page number, unnumbered cover, masthead and TOC pages, every article from a new page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Block, BulletinBlocks } from './blocks.js';

export interface HtmlLayout {
  /** Running header, left and right (the bulletin's name, the issue). */
  header: [string, string];
  /** CSS `content` of the footer on body pages, e.g. `"第" counter(page) "页"`. */
  footer: string;
  /** The heading (its text) after which the page ends, so that the heading is the last line of its page. */
  breakAfterHeading?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cssString = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

export function bulletinHtml(b: BulletinBlocks, layout: HtmlLayout): string {
  const articles = b.articles.map((blocks) => `<article>\n${blocks.map((x) => blockHtml(x, layout)).join('\n')}\n</article>`);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>大数据发展动态</title><style>
@page {
  size: 148mm 210mm;
  margin: 20mm 16mm 18mm 16mm;
  @top-left { content: ${cssString(layout.header[0])}; font: 7.5pt "Noto Sans CJK SC"; color: #444; vertical-align: bottom; padding-bottom: 3mm; border-bottom: 0.4pt solid #888; }
  @top-right { content: ${cssString(layout.header[1])}; font: 7.5pt "Noto Sans CJK SC"; color: #444; vertical-align: bottom; padding-bottom: 3mm; border-bottom: 0.4pt solid #888; }
  @bottom-center { content: ${layout.footer}; font: 8pt "Noto Sans CJK SC"; vertical-align: top; padding-top: 4mm; }
}
/* The unnumbered front pages reset the page counter, so that the first body page is printed page 1. */
@page front { counter-reset: page; @top-left { content: none; } @top-right { content: none; } @bottom-center { content: none; } }
body { font-family: "Noto Sans CJK SC"; font-size: 10.5pt; line-height: 1.75; margin: 0; text-align: justify; }
.front { page: front; break-after: page; }
.cover { text-align: center; padding-top: 30mm; }
.cover .name { font: 24pt "Noto Sans CJK SC"; margin: 12mm 0; }
.cover .headline { font: 14pt "Noto Sans CJK SC"; margin-top: 20mm; }
.masthead p, .toc p { margin: 0 0 2pt 0; }
.toc h2 { font: 15pt "Noto Sans CJK SC"; margin: 0 0 6mm 0; }
.toc .cat { font: 11pt "Noto Sans CJK SC"; margin-top: 4mm; }
article { break-before: page; }
article:first-of-type { break-before: auto; }
h1 { font: 14pt/1.5 "Noto Sans CJK SC"; text-align: center; margin: 0 0 4mm 0; }
.subtitle, .docno { text-align: center; margin: 0 0 3mm 0; }
.label { font: 10.5pt "Noto Sans CJK SC"; margin: 0; }
h3 { font: 10.5pt/1.75 "Noto Sans CJK SC"; margin: 2mm 0 0 0; }
p { margin: 0; text-indent: 2em; }
.caption { text-indent: 0; text-align: center; font: 9pt "Noto Sans CJK SC"; margin-top: 2mm; }
table { border-collapse: collapse; margin: 2mm auto 3mm auto; font-size: 9.5pt; }
td, th { border: 0.5pt solid #333; padding: 1mm 4mm; text-align: center; }
th { font: 9.5pt "Noto Sans CJK SC"; }
.source { text-indent: 0; text-align: right; }
</style></head><body>
<section class="front cover">${b.cover.map((l, i) => `<p class="${l === '大数据发展动态' ? 'name' : i === b.cover.length - 1 ? 'headline' : ''}">${esc(l)}</p>`).join('')}</section>
<section class="front masthead">${b.masthead.map((l) => `<p>${esc(l)}</p>`).join('')}</section>
<section class="front toc"><h2>${esc(b.toc[0]!)}</h2>${b.toc
    .slice(1)
    .map((l) => `<p class="${/^\d/.test(l) ? 'entry' : /^[(（]/.test(l) ? 'wrap' : 'cat'}">${esc(l)}</p>`)
    .join('')}</section>
${articles.join('\n')}
</body></html>
`;
}

function blockHtml(block: Block, layout: HtmlLayout): string {
  if (block.kind === 'table') {
    const [head, ...rows] = block.rows;
    const cells = (tag: string, row: string[]) => `<tr>${row.map((c) => `<${tag}>${esc(c)}</${tag}>`).join('')}</tr>`;
    return `<table>${cells('th', head!)}${rows.map((r) => cells('td', r)).join('')}</table>`;
  }
  const t = esc(block.text);
  switch (block.kind) {
    case 'title':
      return `<h1>${t}</h1>`;
    case 'heading':
      return `<h3${block.text === layout.breakAfterHeading ? ' style="break-after: page"' : ''}>${t}</h3>`;
    case 'para':
      return `<p>${t}</p>`;
    default:
      return `<p class="${block.kind}">${t}</p>`;
  }
}

/** Prints the HTML with headless Chromium (no network, a fresh profile) and returns the PDF. */
export function printWithChromium(html: string): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chromium-print-'));
  try {
    const page = path.join(dir, 'bulletin.html');
    const pdf = path.join(dir, 'bulletin.pdf');
    writeFileSync(page, html);
    execFileSync(
      'chromium',
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${path.join(dir, 'profile')}`,
        '--no-pdf-header-footer',
        `--print-to-pdf=${pdf}`,
        `file://${page}`,
      ],
      { stdio: ['ignore', 'ignore', 'ignore'], timeout: 120_000 },
    );
    return readFileSync(pdf);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
