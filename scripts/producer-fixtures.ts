/**
 * Regenerates the committed PDF fixtures of real producers from the invented bulletins, each with
 * its ground truth read back by pdftotext (test/fixtures/pdf/<producer>/<name>.pdf + .truth.json),
 * and the page viewer's (pdftotext -bbox word boxes, pdftoppm page renders: pdf-producers/page-truth.ts).
 * Needs Debian's chromium, libreoffice-writer, fonts-noto-cjk and poppler-utils; a producer that is
 * not installed is skipped. Tests and CI only read the committed files.
 *   npx tsx scripts/producer-fixtures.ts [chromium|writer ...]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bulletinBlocks } from './pdf-producers/blocks.js';
import { bulletinHtml, printWithChromium } from './pdf-producers/chromium.js';
import { bulletinFodt, exportWithWriter } from './pdf-producers/writer.js';
import { checkTitlePages, producerTruthSchema, readTruth } from './pdf-producers/truth.js';
import { writePageTruth } from './pdf-producers/page-truth.js';
import { readJsonFileSync } from '../src/util/json-file.js';
import { FIXTURE_BULLETINS, ROOT } from '../test/helpers/paths.js';

const PRODUCER_FIXTURES = path.join(ROOT, 'test', 'fixtures', 'pdf');

interface Fixture {
  producer: 'chromium' | 'writer';
  source: string;
  make: (source: string) => Buffer;
  bands: { header: number; footer: number };
}

const MM = 72 / 25.4;
const WRITER_LAYOUT = { header: ['大数据发展动态', '2031年第15期'] as [string, string], breakAfterHeading: '三、存在问题' };

const FIXTURES: Fixture[] = [
  {
    producer: 'chromium',
    source: 'issue-c.md',
    make: (source) =>
      printWithChromium(
        bulletinHtml(bulletinBlocks('issue-c.md', source), {
          header: ['大数据发展动态', '2031年第14期'],
          footer: '"第" counter(page) "页"',
          breakAfterHeading: '二、分地区情况',
        }),
      ),
    bands: { header: 20 * MM, footer: 18 * MM },
  },
  {
    producer: 'writer',
    source: 'issue-d.txt',
    make: (source) =>
      exportWithWriter(
        bulletinFodt(bulletinBlocks('issue-d.txt', source), {
          header: ['大数据发展动态', '2031年第15期'],
          breakAfterHeading: '三、存在问题',
        }),
      ),
    bands: { header: 20 * MM, footer: 16 * MM },
  },
];

function installed(tool: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const TOOL = { chromium: 'chromium', writer: 'soffice' } as const;
const wanted = process.argv.slice(2);
let failed = false as boolean;
for (const fx of FIXTURES.filter((f) => !wanted.length || wanted.includes(f.producer))) {
  if (!installed(TOOL[fx.producer]) || !installed('pdftotext')) {
    console.log(`${fx.producer}: ${TOOL[fx.producer]} or pdftotext not installed, skipped`);
    continue;
  }
  const source = readFileSync(path.join(FIXTURE_BULLETINS, fx.source), 'utf8');
  const pdf = fx.make(source);
  const truth = readTruth(fx.producer, fx.source, pdf, fx.bands);
  const problems = checkTitlePages(truth, bulletinBlocks(fx.source, source).entries);
  const dir = path.join(PRODUCER_FIXTURES, fx.producer);
  mkdirSync(dir, { recursive: true });
  const name = fx.source.replace(/\.\w+$/, '');
  writeFileSync(path.join(dir, `${name}.pdf`), pdf);
  writeFileSync(path.join(dir, `${name}.truth.json`), JSON.stringify(truth, null, 1) + '\n');
  writePageTruth(path.join(dir, `${name}.pdf`), fx.producer);
  console.log(
    `${fx.producer}/${name}.pdf: ${pdf.length} bytes, ${truth.pdfPages} pages, printed ${truth.pages.map((p) => p.printed ?? '-').join(' ')}`,
  );
  for (const p of problems) console.log(`  ${p}`);
  failed ||= problems.length > 0;
}
// A bulletin with one page scanned: Writer's issue-d with printed page 5 set as a full-page 150 dpi
// greyscale JPEG of that page (rasterised by poppler's pdftoppm), for OCR. The other pages must come
// out as before; the scanned page's truth is the text pdftotext read from the page it pictures.
if ((!wanted.length || wanted.includes('scanned')) && installed('soffice') && installed('pdftoppm')) {
  const dir = path.join(PRODUCER_FIXTURES, 'writer');
  const truth = readJsonFileSync(path.join(dir, 'issue-d.truth.json'), producerTruthSchema);
  const page = truth.pages.find((p) => p.printed === 5)!;
  const source = readFileSync(path.join(FIXTURE_BULLETINS, 'issue-d.txt'), 'utf8');
  const blocks = bulletinBlocks('issue-d.txt', source);
  const article = blocks.entries.findIndex((e) => e.page === 5);
  const jpeg = rasterise(path.join(dir, 'issue-d.pdf'), page.pdf);
  const pdf = exportWithWriter(bulletinFodt(blocks, { ...WRITER_LAYOUT, scanned: { article, jpeg } }));
  const scanned = readTruth('writer', 'issue-d.txt', pdf, { header: 20 * MM, footer: 16 * MM });
  const moved = scanned.pages.filter(
    (p, i) => p.pdf !== page.pdf && (p.body !== truth.pages[i]?.body || p.printed !== truth.pages[i]?.printed),
  );
  if (scanned.pdfPages !== truth.pdfPages || moved.length || scanned.pages[page.pdf - 1]!.body.trim()) {
    console.log(`writer/issue-d-scanned.pdf: the pages around the scan moved (${moved.map((p) => p.pdf).join(', ')}) or the scan has text`);
    failed = true;
  }
  writeFileSync(path.join(dir, 'issue-d-scanned.pdf'), pdf);
  writeFileSync(path.join(dir, 'issue-d-scanned.truth.json'), JSON.stringify({ ...truth, scannedPages: [page.pdf] }, null, 1) + '\n');
  console.log(`writer/issue-d-scanned.pdf: ${pdf.length} bytes, PDF page ${page.pdf} (printed page 5) scanned`);
}
process.exitCode = failed ? 1 : 0;

function rasterise(file: string, page: number): Buffer {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'scan-'));
  try {
    execFileSync('pdftoppm', [
      '-r',
      '150',
      '-gray',
      '-jpeg',
      '-jpegopt',
      'quality=70',
      '-f',
      `${page}`,
      '-l',
      `${page}`,
      '-singlefile',
      file,
      path.join(tmp, 'scan'),
    ]);
    return readFileSync(path.join(tmp, 'scan.jpg'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
