import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { citationFor, type Citation } from '../../src/domain/citation.js';
import { ingest } from '../../src/ingest/ingest.js';
import { PageCache } from '../../src/originals/page-cache.js';
import type { JobRunner } from '../../src/originals/renderer.js';
import { OriginalUnavailableError } from '../../src/originals/types.js';
import { OriginalsViewer } from '../../src/originals/viewer.js';
import { PdfWorkbench } from '../../src/originals/workbench.js';
import { loadIndex, type LoadedIndex } from '../../src/store/load-index.js';
import type { Manifest } from '../../src/store/manifest.js';
import { createLogger } from '../../src/util/log.js';
import { decodeImage } from '../../src/vendors/canvas.js';
import { pdfPageCount } from '../../src/vendors/pdf-lib.js';
import { likenessToPoppler } from '../helpers/page-truth.js';
import { FIXTURE_BULLETINS, tempDir } from '../helpers/paths.js';
import { pdfFixtures, printedText, producerFixtures, readTruth } from '../helpers/pdf-fixtures.js';

const chromium = producerFixtures().find((f) => f.producer === 'chromium')!;

let corpus: string;
let index: LoadedIndex;
let logs: string[] = [];
let jobs: number;

/** The renderer's work done in this process (the renderer process has its own test), counting jobs. */
const counted = (workbench = new PdfWorkbench()): JobRunner => ({
  run: (job) => {
    jobs++;
    return workbench.run(job);
  },
});

async function viewer(options: { manifest?: Manifest; runner?: JobRunner; cacheDir?: string } = {}): Promise<OriginalsViewer> {
  const log = createLogger('debug', (l) => logs.push(l));
  return new OriginalsViewer({
    corpus: () => index.corpus,
    manifest: () => options.manifest ?? index.manifest,
    bulletinsDir: corpus,
    cache: await PageCache.open(options.cacheDir ?? tempDir('page-cache-'), 50 << 20, log),
    renderer: options.runner ?? counted(),
    width: 1200,
    log,
  });
}

/** A citation as the answer engine makes one: the issue's cover, the article's TOC entry, the printed pages of the quote. */
function cite(total: number, pages: [number, number], quote: string): Citation {
  const bulletin = index.corpus.bulletins.find((b) => b.cover.total === total)!;
  const entry = bulletin.toc.find((e) => e.page <= pages[0] && pages[0] <= (e.endPage ?? Infinity))!;
  return { ...citationFor(bulletin.cover, entry, quote, 1), pages };
}

const totalOf = (file: string) => index.corpus.bulletins.find((b) => b.file === file)!.cover.total;

beforeAll(async () => {
  const fx = await pdfFixtures();
  corpus = tempDir('originals-corpus-');
  copyFileSync(chromium.pdf, path.join(corpus, 'issue-c.pdf'));
  copyFileSync(fx.issueA, path.join(corpus, 'issue-a.pdf'));
  copyFileSync(path.join(FIXTURE_BULLETINS, 'issue-b.md'), path.join(corpus, 'issue-b.md'));
  const indexDir = tempDir('originals-index-');
  await ingest({ corpusDir: corpus, indexDir });
  index = await loadIndex(indexDir);
  expect(index.corpus.bulletins).toHaveLength(3);
});

describe('查看原文 of a PDF bulletin', () => {
  const page3 = chromium.truth.pages.find((p) => p.printed === 3)!;
  const sentence = page3.body.replace(/\s+/g, '').match(/[^。]{15,}。/)![0];

  it('is the cited printed page as pdftoppm renders it, 1,200 px across, the sentence highlighted; cached after', async () => {
    jobs = 0;
    const v = await viewer();
    const citation = cite(totalOf('issue-c.pdf'), [3, 3], sentence);
    const view = await v.view(citation);
    expect(view.kind).toBe('pages');
    if (view.kind !== 'pages') return;
    expect(view.pages.map((p) => [p.pdfPage, p.printed, p.highlighted])).toEqual([[page3.pdf, 3, true]]);
    const png = view.pages[0]!.png;
    expect((await decodeImage(png)).width).toBe(1200);
    const likeness = await likenessToPoppler(chromium.pdf, chromium.truth.pdfPages, png);
    expect(likeness.indexOf(Math.max(...likeness)) + 1).toBe(page3.pdf);
    expect(jobs).toBe(1);

    const again = await v.view(citation);
    expect(jobs).toBe(1);
    expect(again.kind === 'pages' && again.pages[0]!.png.equals(png)).toBe(true);
  });

  it('sends both pages of a sentence that a page break divides, each with its part highlighted', async () => {
    const fx = await pdfFixtures();
    const truth = readTruth(fx.issueA);
    let found: { article: number; text: string; pages: number[] } | null = null;
    for (let article = 0; article < 5 && !found; article++) {
      const printed = printedText(truth, article);
      for (const m of printed.text.matchAll(/[^。]+。/g)) {
        const pages = [...new Set(printed.pages.slice(m.index, m.index + m[0].length))];
        if (pages.length === 2) {
          found = { article, text: m[0], pages };
          break;
        }
      }
    }
    expect(found, 'issue-a.pdf has a sentence across a page break').not.toBeNull();
    const [first, second] = found!.pages as [number, number];
    const view = await (await viewer()).view(cite(totalOf('issue-a.pdf'), [first, second], found!.text));
    expect(view.kind === 'pages' && view.pages.map((p) => [p.printed, p.highlighted])).toEqual([
      [first, true],
      [second, true],
    ]);
  });

  it('finds the sentence on its own page when the citation names the whole article', async () => {
    const entry = index.corpus.bulletins.find((b) => b.file === 'issue-c.pdf')!.toc.find((e) => e.page <= 3 && 3 <= (e.endPage ?? 99))!;
    const view = await (await viewer()).view(cite(totalOf('issue-c.pdf'), [entry.page, entry.endPage ?? entry.page], sentence));
    expect(view.kind === 'pages' && view.pages.map((p) => [p.printed, p.highlighted])).toEqual([[3, true]]);
  });

  it('shows the cited page unmarked when the sentence is not on it (and says so in the result)', async () => {
    const view = await (await viewer()).view(cite(totalOf('issue-c.pdf'), [3, 3], '这句话并不在简报的任何一页上，也不会被标出。'));
    expect(view.kind === 'pages' && view.pages.map((p) => [p.printed, p.highlighted])).toEqual([[3, false]]);
  });
});

describe('下载原文', () => {
  it('is the article’s own TOC pages as a PDF named after the issue and the article', async () => {
    const v = await viewer();
    for (const entry of index.corpus.bulletins.find((b) => b.file === 'issue-c.pdf')!.toc) {
      const doc = await v.cut(cite(totalOf('issue-c.pdf'), [entry.page, entry.page], entry.title));
      const printed = chromium.truth.pages.filter(
        (p) => p.printed !== null && p.printed >= entry.page && p.printed <= (entry.endPage ?? 99),
      );
      expect(await pdfPageCount(doc.bytes), entry.title).toBe(printed.length);
      expect(doc.pageCount).toBe(printed.length);
      expect(doc.fileName).toBe(`大数据发展动态2031年第14期（总第306期）-${entry.title}.pdf`);
      expect(doc.citation.pages).toEqual([entry.page, entry.endPage ?? entry.page]);
    }
  });

  it('is refused for a text bulletin, which has no pages to cut', async () => {
    await expect((await viewer()).cut(cite(totalOf('issue-b.md'), [4, 4], 'x'))).rejects.toMatchObject({ problem: 'not-pdf' });
  });
});

describe('查看原文 of a text bulletin', () => {
  it('is the paragraph around the quote, the quote cut out of it for bold', async () => {
    const text = readFileSync(path.join(FIXTURE_BULLETINS, 'issue-b.md'), 'utf8');
    const paragraph = text.split('\n').find((l) => l.startsWith('软件产品收入4790亿元'))!;
    const quote = '其中，工业软件产品收入486亿元，同比增长15.3%。';
    expect(paragraph).toContain(quote);
    const view = await (await viewer()).view(cite(totalOf('issue-b.md'), [9, 12], quote));
    expect(view.kind).toBe('passage');
    if (view.kind !== 'passage') return;
    // As ingest reads it: normalised, a space after "1." dropped.
    const squash = (s: string) => s.replace(/\s+/g, '');
    expect(squash(view.passage.sentence)).toBe(squash(quote));
    expect(squash(view.passage.before + view.passage.sentence + view.passage.after)).toBe(squash(paragraph));
    expect(view.passage.before).not.toBe('');
  });
});

describe('a bulletin that is not the one indexed', () => {
  const copy = () => {
    const dir = tempDir('originals-changed-');
    copyFileSync(chromium.pdf, path.join(dir, 'issue-c.pdf'));
    return dir;
  };
  const sentence = chromium.truth.pages
    .find((p) => p.printed === 1)!
    .body.replace(/\s+/g, '')
    .match(/[^。]{15,}。/)![0];

  it('missing, replaced or broken: a reason for the one polite sentence, a log line, and no page', async () => {
    const citation = cite(totalOf('issue-c.pdf'), [1, 1], sentence);
    const original = corpus;
    try {
      corpus = copy();
      const cacheDir = tempDir('page-cache-');
      // Cached first: a cached page must not be shown for a file that changed since.
      expect((await (await viewer({ cacheDir })).view(citation)).kind).toBe('pages');

      writeFileSync(path.join(corpus, 'issue-c.pdf'), readFileSync(path.join(FIXTURE_BULLETINS, 'issue-a.txt')));
      logs = [];
      await expect((await viewer({ cacheDir })).view(citation)).rejects.toMatchObject({ problem: 'replaced' });
      expect(logs.some((l) => l.includes('original view: replaced'))).toBe(true);

      rmSync(path.join(corpus, 'issue-c.pdf'));
      await expect((await viewer({ cacheDir })).cut(citation)).rejects.toMatchObject({ problem: 'missing' });

      // Indexed as it is now (same hash), but not a PDF that can be read.
      const broken = readFileSync(chromium.pdf).subarray(0, 50_000);
      writeFileSync(path.join(corpus, 'issue-c.pdf'), broken);
      const manifest = structuredClone(index.manifest);
      manifest.files['issue-c.pdf']!.sha256 = createHash('sha256').update(broken).digest('hex');
      const error = await (await viewer({ manifest, cacheDir })).view(citation).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OriginalUnavailableError);
      expect((error as OriginalUnavailableError).problem).toBe('broken');
    } finally {
      corpus = original;
    }
  });

  it('an issue no longer indexed, or the masthead: nothing to show', async () => {
    const v = await viewer();
    const gone = { ...cite(totalOf('issue-c.pdf'), [1, 1], sentence), issue: { year: 2031, number: 99, total: 999, date: '2031-12-31' } };
    expect(v.kindOf(gone)).toBeNull();
    await expect(v.view(gone)).rejects.toMatchObject({ problem: 'not-indexed' });
    expect(v.kindOf({ ...cite(totalOf('issue-c.pdf'), [1, 1], sentence), part: 'masthead' })).toBeNull();
    expect(v.kindOf(cite(totalOf('issue-c.pdf'), [1, 1], sentence))).toBe('pdf');
    expect(v.kindOf(cite(totalOf('issue-b.md'), [1, 1], sentence))).toBe('text');
  });
});
