import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ingest } from '../ingest/ingest.js';
import { loadIndex } from '../store/load-index.js';
import { KeywordRetriever } from '../search/keyword-retriever.js';
import { createAnswerEngine, type AnswerEngine } from '../answer/engine.js';
import type { AnswerWeights } from '../answer/decision/weights.js';
import type { AnswerWriter } from '../answer/engine-types.js';
import type { Corpus } from './manifest.js';

/** Files a bulletin folder may hold besides bulletins (the ground truth beside invented issues). */
const NOT_BULLETINS = /\.json$/;

/** An index over a corpus of several folders, and engines over it with any weights (keyword retrieval, no model). */
export interface CorpusIndex {
  corpus: Corpus;
  engine(weights?: AnswerWeights, writer?: AnswerWriter): AnswerEngine;
  dispose(): void;
}

/**
 * Indexes the corpus's folders together into a temporary folder (the files are copied: the corpus reader
 * takes regular files only), keyword retrieval only, as the held-out evaluation asks without a model.
 */
export async function indexCorpus(corpus: Corpus): Promise<CorpusIndex> {
  const root = mkdtempSync(path.join(tmpdir(), 'bulletin-eval-'));
  const files = path.join(root, 'bulletins');
  const indexDir = path.join(root, 'index');
  mkdirSync(files);
  for (const dir of corpus.bulletins)
    for (const f of readdirSync(dir)) if (!NOT_BULLETINS.test(f)) copyFileSync(path.join(dir, f), path.join(files, f));
  await ingest({ corpusDir: files, indexDir });
  const index = await loadIndex(indexDir);
  const retriever = new KeywordRetriever(index.corpus.chunks, index.keyword);
  return {
    corpus,
    engine: (weights, writer) =>
      createAnswerEngine({
        corpus: index.corpus,
        keyword: index.keyword,
        retriever,
        writer: writer ?? null,
        ...(weights ? { weights } : {}),
      }),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}
