import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { createAnswerEngine, type AnswerEngine } from '../../src/answer/engine.js';
import { ingest } from '../../src/ingest/ingest.js';
import { openOriginals, type Originals } from '../../src/originals/open.js';
import { PdfWorkbench } from '../../src/originals/workbench.js';
import { KeywordRetriever } from '../../src/search/keyword-retriever.js';
import { loadIndex } from '../../src/store/load-index.js';
import type { Logger } from '../../src/util/log.js';
import { FIXTURE_BULLETINS, tempDir } from './paths.js';
import { producerFixtures } from './pdf-fixtures.js';

export interface OriginalsSetup {
  engine: AnswerEngine;
  originals: Originals;
  corpus: string;
  /** The Chromium fixture as it is committed (for its pdftoppm pages and truth). */
  pdf: string;
}

/**
 * A corpus of one PDF bulletin (the committed Chromium fixture, issue 306) and one text bulletin
 * (issue-b.md, issue 302), indexed, with an answer engine and the page viewer over it (its cache
 * in a fresh STATE_DIR, pages rendered in this process).
 */
export async function originalsSetup(log: Logger): Promise<OriginalsSetup> {
  const pdf = producerFixtures().find((f) => f.producer === 'chromium')!.pdf;
  const corpus = tempDir('originals-corpus-');
  copyFileSync(pdf, path.join(corpus, 'issue-c.pdf'));
  copyFileSync(path.join(FIXTURE_BULLETINS, 'issue-b.md'), path.join(corpus, 'issue-b.md'));
  const indexDir = tempDir('originals-index-');
  await ingest({ corpusDir: corpus, indexDir });
  const index = await loadIndex(indexDir);
  const engine = createAnswerEngine({
    corpus: index.corpus,
    keyword: index.keyword,
    retriever: new KeywordRetriever(index.corpus.chunks, index.keyword),
  });
  const originals = await openOriginals(
    { STATE_DIR: tempDir('originals-state-'), BULLETINS_DIR: corpus, PAGE_IMAGE_WIDTH: 1200, PAGE_CACHE_MB: 50 },
    log,
    { corpus: () => index.corpus, manifest: () => index.manifest },
    // The renderer's work in this process: test/originals/renderer.test.ts tests its process.
    new PdfWorkbench(),
  );
  return { engine, originals, corpus, pdf };
}

/** Questions the fixtures answer from one source: the PDF's page 1, and the text bulletin. */
export const PDF_QUESTION = '单家企业年度算力券补贴最高多少？';
export const TEXT_QUESTION = '1-2月软件业务收入是多少？';
/** Answered with every article of the PDF issue: four sources. */
export const LIST_QUESTION = '第14期有哪些文章？';
