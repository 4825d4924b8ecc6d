/**
 * LibreOffice Writer's PDF export of a bulletin written as a flat OpenDocument text (.fodt), as an
 * editor would set it in a word processor: page styles for the unnumbered front pages and for the
 * body (running header with the bulletin's name and issue, a footer "12/59" from page-number and
 * page-count fields, numbering restarted at 1 on the first body page), real tables, every article
 * from a new page, Noto CJK fonts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BulletinBlocks } from './blocks.js';

export interface WriterLayout {
  /** Running header, left and right (separated by a tab). */
  header: [string, string];
  /** The heading (its text) after which the page ends. */
  breakAfterHeading?: string;
  /** Article (index) printed as one scanned page: a full-page JPEG (the whole page, header and footer included), no text. */
  scanned?: { article: number; jpeg: Buffer };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const FONT = 'Noto Sans CJK SC';
const font = (size: string, bold = false) =>
  `style:font-name="${FONT}" style:font-name-asian="${FONT}" fo:font-size="${size}" style:font-size-asian="${size}"` +
  (bold ? ' fo:font-weight="bold" style:font-weight-asian="bold"' : '');

export function bulletinFodt(b: BulletinBlocks, layout: WriterLayout): string {
  const body: string[] = [];
  const p = (style: string, text: string) => body.push(`<text:p text:style-name="${style}">${esc(text)}</text:p>`);
  b.cover.forEach((l, i) => p(i === 0 ? 'CoverFirst' : l === '大数据发展动态' ? 'CoverName' : 'Cover', l));
  b.masthead.forEach((l, i) => p(i === 0 ? 'FrontFirst' : 'Front', l));
  b.toc.forEach((l, i) => p(i === 0 ? 'TocHeading' : /^\d/.test(l) ? 'Front' : 'TocCategory', l));
  let pageBreakNext = false;
  b.articles.forEach((blocks, k) => {
    if (layout.scanned?.article === k) {
      // The picture fills a page of its own page style (no margins, header or footer); the next
      // article goes back to the body style, whose numbering counts this page too.
      body.push(
        `<text:p text:style-name="ScanPage"><draw:frame draw:name="scan" text:anchor-type="paragraph" svg:x="0mm" svg:y="0mm" svg:width="176mm" svg:height="250mm"><draw:image><office:binary-data>${layout.scanned.jpeg.toString('base64')}</office:binary-data></draw:image></draw:frame></text:p>`,
      );
      pageBreakNext = false;
      return;
    }
    const afterScan = layout.scanned?.article === k - 1;
    blocks.forEach((block, i) => {
      const first = i === 0 ? (k === 0 ? 'BodyFirst' : afterScan ? 'BodyAgain' : 'ArticleFirst') : pageBreakNext ? 'PageBreak' : null;
      pageBreakNext = false;
      if (block.kind === 'table') {
        if (first) body.push(`<text:p text:style-name="${first}"/>`);
        body.push(table(block.rows));
        return;
      }
      const style = {
        title: 'Title',
        subtitle: 'Centre',
        docno: 'Centre',
        label: 'Label',
        heading: 'Heading',
        para: 'Body',
        caption: 'Caption',
        source: 'Source',
      }[block.kind];
      if (first) {
        // A break style carries no look of its own: put the break on an empty-height paragraph of the same style.
        body.push(`<text:p text:style-name="${first}${style}">${esc(block.text)}</text:p>`);
      } else p(style, block.text);
      if (block.kind === 'heading' && block.text === layout.breakAfterHeading) pageBreakNext = true;
    });
  });

  const paragraphStyle = (name: string, props: string, text: string, extra = '') =>
    `<style:style style:name="${name}" style:family="paragraph" ${extra}><style:paragraph-properties ${props}/><style:text-properties ${text}/></style:style>`;
  const looks: Record<string, [string, string]> = {
    Title: ['fo:text-align="center" fo:margin-bottom="4mm" fo:keep-with-next="always"', font('15pt', true)],
    Centre: ['fo:text-align="center" fo:margin-bottom="2mm"', font('10.5pt')],
    Label: ['fo:margin-top="0mm"', font('11pt', true)],
    Heading: ['fo:margin-top="2mm" fo:line-height="160%"', font('11pt', true)],
    Body: ['fo:text-indent="22pt" fo:line-height="160%" fo:text-align="justify"', font('11pt')],
    Caption: ['fo:text-align="center" fo:margin-top="2mm" fo:margin-bottom="1mm"', font('9.5pt', true)],
    Source: ['fo:text-align="end" fo:margin-top="2mm"', font('10.5pt')],
  };
  const styles = [
    ...Object.entries(looks).map(([name, [pp, tp]]) => paragraphStyle(name, pp, tp)),
    // The first body paragraph switches to the numbered page style and restarts the count at 1.
    ...Object.entries(looks).map(([name, [pp, tp]]) =>
      paragraphStyle(`BodyFirst${name}`, `${pp} style:page-number="1"`, tp, 'style:master-page-name="Body"'),
    ),
    ...Object.entries(looks).map(([name, [pp, tp]]) => paragraphStyle(`ArticleFirst${name}`, `${pp} fo:break-before="page"`, tp)),
    ...Object.entries(looks).map(([name, [pp, tp]]) => paragraphStyle(`BodyAgain${name}`, pp, tp, 'style:master-page-name="Body"')),
    paragraphStyle('ScanPage', 'fo:margin-top="0mm" fo:margin-bottom="0mm"', font('4pt'), 'style:master-page-name="Scan"'),
    ...Object.entries(looks).map(([name, [pp, tp]]) => paragraphStyle(`PageBreak${name}`, `${pp} fo:break-before="page"`, tp)),
    paragraphStyle('BodyFirst', 'style:page-number="1"', font('4pt'), 'style:master-page-name="Body"'),
    paragraphStyle('ArticleFirst', 'fo:break-before="page"', font('4pt')),
    paragraphStyle('PageBreak', 'fo:break-before="page"', font('4pt')),
    paragraphStyle(
      'CoverFirst',
      'fo:text-align="center" fo:margin-top="30mm" fo:margin-bottom="6mm"',
      font('10.5pt'),
      'style:master-page-name="Front"',
    ),
    paragraphStyle('Cover', 'fo:text-align="center" fo:margin-bottom="6mm"', font('10.5pt')),
    paragraphStyle('CoverName', 'fo:text-align="center" fo:margin-bottom="8mm"', font('24pt', true)),
    paragraphStyle('FrontFirst', 'fo:break-before="page" fo:margin-bottom="1mm"', font('10.5pt')),
    paragraphStyle('Front', 'fo:margin-bottom="1mm"', font('10.5pt')),
    paragraphStyle('TocHeading', 'fo:break-before="page" fo:margin-bottom="5mm"', font('15pt', true)),
    paragraphStyle('TocCategory', 'fo:margin-top="3mm" fo:margin-bottom="1mm"', font('11pt', true)),
    paragraphStyle('HeaderLine', 'fo:padding-bottom="1.5mm" fo:border-bottom="0.5pt solid #808080"', font('8pt')),
    paragraphStyle('FooterLine', 'fo:text-align="center"', font('8.5pt')),
    paragraphStyle('Cell', 'fo:text-align="center"', font('10pt')),
    paragraphStyle('HeadCell', 'fo:text-align="center"', font('10pt', true)),
  ];

  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="${FONT}" svg:font-family="'${FONT}'" style:font-pitch="variable"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties fo:orphans="2" fo:widows="2"/><style:text-properties ${font('11pt')} fo:language="zh" fo:country="CN" style:language-asian="zh" style:country-asian="CN"/></style:default-style>
${styles.join('\n')}
</office:styles>
<office:automatic-styles>
<style:style style:name="TableCell" style:family="table-cell"><style:table-cell-properties fo:padding="1mm" fo:border="0.5pt solid #000000"/></style:style>
<style:style style:name="Table" style:family="table"><style:table-properties style:width="120mm" table:align="center" fo:margin-top="1mm" fo:margin-bottom="2mm"/></style:style>
<style:style style:name="Column" style:family="table-column"><style:table-column-properties style:column-width="40mm"/></style:style>
<style:page-layout style:name="FrontLayout"><style:page-layout-properties fo:page-width="176mm" fo:page-height="250mm" fo:margin-top="22mm" fo:margin-bottom="20mm" fo:margin-left="20mm" fo:margin-right="20mm"/></style:page-layout>
<style:page-layout style:name="ScanLayout"><style:page-layout-properties fo:page-width="176mm" fo:page-height="250mm" fo:margin-top="0mm" fo:margin-bottom="0mm" fo:margin-left="0mm" fo:margin-right="0mm"/></style:page-layout>
<style:page-layout style:name="BodyLayout"><style:page-layout-properties fo:page-width="176mm" fo:page-height="250mm" fo:margin-top="12mm" fo:margin-bottom="10mm" fo:margin-left="20mm" fo:margin-right="20mm"/>
<style:header-style><style:header-footer-properties fo:min-height="0mm" fo:margin-bottom="5mm"/></style:header-style>
<style:footer-style><style:header-footer-properties fo:min-height="0mm" fo:margin-top="6mm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Front" style:page-layout-name="FrontLayout"/>
<style:master-page style:name="Scan" style:page-layout-name="ScanLayout"/>
<style:master-page style:name="Body" style:page-layout-name="BodyLayout">
<style:header><text:p text:style-name="HeaderLine">${esc(layout.header[0])}<text:tab/><text:tab/>${esc(layout.header[1])}</text:p></style:header>
<style:footer><text:p text:style-name="FooterLine"><text:page-number text:select-page="current">1</text:page-number>/<text:page-count>1</text:page-count></text:p></style:footer>
</style:master-page>
</office:master-styles>
<office:body><office:text>
${body.join('\n')}
</office:text></office:body></office:document>
`;
}

let tables = 0;

function table(rows: string[][]): string {
  const cols = rows[0]!.length;
  const row = (cells: string[], style: string) =>
    `<table:table-row>${cells.map((c) => `<table:table-cell table:style-name="TableCell" office:value-type="string"><text:p text:style-name="${style}">${esc(c)}</text:p></table:table-cell>`).join('')}</table:table-row>`;
  return `<table:table table:name="T${++tables}" table:style-name="Table"><table:table-column table:style-name="Column" table:number-columns-repeated="${cols}"/>${row(rows[0]!, 'HeadCell')}${rows
    .slice(1)
    .map((r) => row(r, 'Cell'))
    .join('')}</table:table>`;
}

/** Exports the document to PDF with LibreOffice (headless, a fresh profile). */
export function exportWithWriter(fodt: string): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'writer-export-'));
  try {
    const doc = path.join(dir, 'bulletin.fodt');
    writeFileSync(doc, fodt);
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        doc,
      ],
      { stdio: ['ignore', 'ignore', 'ignore'], timeout: 180_000 },
    );
    return readFileSync(path.join(dir, 'bulletin.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
