/**
 * The PDF fixtures, made from the text fixtures (invented bulletins) with the ground truth of which
 * text stands on which printed page. With the CJK font embedded they come to about 0.5 MB, so they
 * are made at test setup (≈2 s) instead of committed; `npx tsx scripts/pdf-fixtures.ts [DIR]`
 * writes them to DIR for a look.
 *   issue-a.pdf       issue-a.txt with page numbers in the footers
 *   issue-b.pdf       issue-b.md without page numbers (4 unnumbered front pages: found by the TOC offset)
 *   scanned.pdf       a picture and no text layer
 *   encrypted.pdf     issue-a.txt behind a user password
 *   truncated.pdf     the first half of issue-a.pdf
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { FONT_PATH, layOutBulletin, type LineTruth } from './pdf-layout.js';
import { FIXTURE_BULLETINS } from '../test/helpers/paths.js';

export interface PdfFixtures {
  dir: string;
  /** issue-a.txt with page numbers in the footers. */
  issueA: string;
  /** issue-b.md without page numbers: 4 unnumbered front pages, found from the TOC. */
  issueB: string;
  scanned: string;
  encrypted: string;
  truncated: string;
}

/** Ground truth file written beside each bulletin PDF: `<name>.truth.json`. */
export interface PdfTruth {
  source: string;
  frontPages: number;
  pdfPages: number;
  lines: LineTruth[];
}

export async function makePdfFixtures(out: string, quiet = true): Promise<PdfFixtures> {
  mkdirSync(out, { recursive: true });
  const write = (name: string, data: string | Buffer) => {
    writeFileSync(path.join(out, name), data);
    if (!quiet) console.log(`${name}: ${Buffer.byteLength(data)} bytes`);
    return path.join(out, name);
  };
  const textA = readFileSync(path.join(FIXTURE_BULLETINS, 'issue-a.txt'), 'utf8');
  const textB = readFileSync(path.join(FIXTURE_BULLETINS, 'issue-b.md'), 'utf8');

  const a = await layOutBulletin('issue-a.txt', textA, { footers: true, header: '大数据发展动态 2031年第9期' });
  const issueA = write('issue-a.pdf', a.pdf);
  write(
    'issue-a.truth.json',
    JSON.stringify({ source: 'issue-a.txt', frontPages: a.frontPages, pdfPages: a.pdfPages, lines: a.truth }, null, 1),
  );

  const b = await layOutBulletin('issue-b.md', textB, { footers: false, extraFrontPages: 1, header: '大数据发展动态 2031年第10期' });
  const issueB = write('issue-b.pdf', b.pdf);
  write(
    'issue-b.truth.json',
    JSON.stringify({ source: 'issue-b.md', frontPages: b.frontPages, pdfPages: b.pdfPages, lines: b.truth }, null, 1),
  );

  const scanned = write('scanned.pdf', await imageOnlyPdf());
  const encrypted = write('encrypted.pdf', await encryptedPdf());
  const truncated = write('truncated.pdf', a.pdf.subarray(0, Math.floor(a.pdf.length / 2)));
  return { dir: out, issueA, issueB, scanned, encrypted, truncated };
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
}

/** A page that is one grey raster picture, as a scanner makes it: no text layer. */
async function imageOnlyPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: [420, 595], margin: 0, info: { CreationDate: new Date(0) } });
  const done = collect(doc);
  doc.image(greyPng(84, 119), 0, 0, { width: 420, height: 595 });
  doc.end();
  return done;
}

async function encryptedPdf(): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [420, 595],
    margin: 0,
    userPassword: 'reader',
    ownerPassword: 'owner',
    pdfVersion: '1.7',
    info: { CreationDate: new Date(0) },
  });
  const done = collect(doc);
  doc.registerFont('sc', FONT_PATH);
  doc.font('sc').fontSize(11).text('大数据发展动态 2031年3月7日 第9期 总第301期', 50, 80);
  doc.end();
  return done;
}

/** A minimal greyscale PNG with a stripe pattern (pdfkit embeds PNG and JPEG). */
function greyPng(width: number, height: number): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = y % 8 < 2 ? 40 : 230;
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(data: Buffer): number {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await makePdfFixtures(path.resolve(process.argv[2] ?? path.join(os.tmpdir(), 'bulletin-pdf-fixtures')), false);
}
