/**
 * 查看原文 speed and memory: a corpus of the committed Chromium fixture (9 pages) and the generated
 * 60-page bench PDF (scripts/bench-pdf.ts) is indexed, then cited pages are asked of the page viewer
 * as the bots ask them (file check, disk cache, renderer process):
 *   process start   the renderer process's start and its first page (tsx loads the code: the first
 *                   press after the service starts, or after the process stopped for being idle)
 *   cold page       a page not in the cache, the PDF's text already read (the renderer keeps a few)
 *   cold PDF        the first page asked of a PDF: its text read and laid out, then the page
 *   cached page     the same page again, read from the disk cache
 *   article cut     下载原文 of a 4-page article, not cached
 * and the renderer process's peak resident memory. Run alone with `npx tsx scripts/bench-page.ts`;
 * `benchPage` is what `npm run bench -- --only page` calls. Nothing is asserted.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { citationFor, type Citation } from '../src/domain/citation.js';
import { ingest } from '../src/ingest/ingest.js';
import { openOriginals } from '../src/originals/open.js';
import { loadIndex } from '../src/store/load-index.js';
import { createLogger } from '../src/util/log.js';
import { ROOT } from '../test/helpers/paths.js';
import { benchBulletinText } from './bench-pdf.js';
import { layOutBulletin } from './pdf-layout.js';

export interface PageBenchResult {
  processStartMs: number;
  coldPageMs: { p50: number; max: number; n: number };
  coldPdfMs: number;
  cachedPageMs: { p50: number; max: number; n: number };
  articleCutMs: number;
  peakRssMiB: number;
}

export async function benchPage(options: { rounds?: number; print?: boolean } = {}): Promise<PageBenchResult> {
  const rounds = options.rounds ?? 8;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-page-'));
  const corpus = path.join(dir, 'corpus');
  const laid = await layOutBulletin('bench.txt', benchBulletinText(), { footers: true, header: '大数据发展动态 2031年第22期' });
  mkdirSync(corpus);
  writeFileSync(path.join(corpus, 'bench.pdf'), laid.pdf);
  copyFileSync(path.join(ROOT, 'test', 'fixtures', 'pdf', 'chromium', 'issue-c.pdf'), path.join(corpus, 'issue-c.pdf'));
  const indexDir = path.join(dir, 'index');
  await ingest({ corpusDir: corpus, indexDir });
  const index = await loadIndex(indexDir);
  const log = createLogger('warn');
  const originals = await openOriginals(
    { STATE_DIR: path.join(dir, 'state'), BULLETINS_DIR: corpus, PAGE_IMAGE_WIDTH: 1200, PAGE_CACHE_MB: 200 },
    log,
    { corpus: () => index.corpus, manifest: () => index.manifest },
  );
  // A citation of a chunk's first sentence on its page, as an answer would carry it.
  const citationsOf = (file: string): Citation[] => {
    const bulletin = index.corpus.bulletins.find((b) => b.file === file)!;
    return index.corpus.chunks
      .filter((c) => c.file === file && c.kind === 'body' && c.pages.start === c.pages.end)
      .map((c) => {
        const entry = bulletin.toc.find((e) => e.title === c.title)!;
        const quote = c.text.split(/(?<=。)/)[0]!;
        return { ...citationFor(bulletin.cover, entry, quote, 1), pages: [c.pages.start, c.pages.start] as [number, number] };
      })
      .filter((c, i, all) => all.findIndex((d) => d.pages[0] === c.pages[0]) === i);
  };
  const time = async (work: () => Promise<unknown>) => {
    const t = performance.now();
    await work();
    return performance.now() - t;
  };
  try {
    const fixture = citationsOf('issue-c.pdf');
    const bench = citationsOf('bench.pdf');
    const processStartMs = await time(() => originals.viewer.view(fixture[0]!));
    const coldPdfMs = await time(() => originals.viewer.view(bench[0]!));
    const cold: number[] = [];
    for (const c of bench.slice(1, rounds + 1)) cold.push(await time(() => originals.viewer.view(c)));
    const cached: number[] = [];
    for (let r = 0; r < 3; r++) for (const c of bench.slice(1, rounds + 1)) cached.push(await time(() => originals.viewer.view(c)));
    const article = index.corpus.bulletins.find((b) => b.file === 'bench.pdf')!.toc[3]!;
    const articleCutMs = await time(() =>
      originals.viewer.cut({ ...bench[0]!, title: article.title, pages: [article.page, article.page] }),
    );
    const peak = (await originals.renderer?.peakMemory()) ?? 0;
    const stats = (xs: number[]) => ({ p50: pct(xs, 0.5), max: Math.max(...xs), n: xs.length });
    const result: PageBenchResult = {
      processStartMs,
      coldPageMs: stats(cold),
      coldPdfMs,
      cachedPageMs: stats(cached),
      articleCutMs,
      peakRssMiB: peak / 2 ** 20,
    };
    if (options.print ?? true) {
      const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
      console.log(`查看原文 (pages 1200 px across; ${laid.pdfPages}-page bench PDF and the 9-page Chromium fixture):`);
      console.log(`  renderer process start + first page   ${ms(result.processStartMs)}`);
      console.log(`  cold PDF (text read + page)           ${ms(result.coldPdfMs)}`);
      console.log(
        `  cold page                             p50 ${ms(result.coldPageMs.p50)}  max ${ms(result.coldPageMs.max)}  (n=${cold.length})`,
      );
      console.log(
        `  cached page                           p50 ${ms(result.cachedPageMs.p50)}  max ${ms(result.cachedPageMs.max)}  (n=${cached.length})`,
      );
      console.log(`  下载原文, 4-page article cut            ${ms(result.articleCutMs)}`);
      console.log(`  renderer peak memory                  ${result.peakRssMiB.toFixed(0)} MiB`);
    }
    return result;
  } finally {
    await originals.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function pct(xs: number[], q: number): number {
  return [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--rounds');
  const result = await benchPage({ rounds: at > 0 ? Number(process.argv[at + 1]) : 8, print: !process.argv.includes('--json') });
  if (process.argv.includes('--json')) console.log(JSON.stringify(result));
}
