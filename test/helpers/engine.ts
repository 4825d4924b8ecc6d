import { ingest } from '../../src/ingest/ingest.js';
import { loadIndex } from '../../src/store/load-index.js';
import { KeywordRetriever } from '../../src/search/keyword-retriever.js';
import { createAnswerEngine, type AnswerEngine } from '../../src/answer/engine.js';
import type { EngineSettings } from '../../src/answer/engine-types.js';
import { tempDir } from './paths.js';
import { createGeneration } from '../../src/app/generation.js';
import type { Config } from '../../src/config/schema.js';
import type { Logger } from '../../src/util/log.js';

/** An answer engine over a corpus folder, indexed into a fresh temporary INDEX_DIR. */
export async function engineFor(corpusDir: string, settings: Partial<EngineSettings> = {}): Promise<AnswerEngine> {
  const indexDir = tempDir();
  await ingest({ corpusDir, indexDir });
  const index = await loadIndex(indexDir);
  return createAnswerEngine({
    corpus: index.corpus,
    keyword: index.keyword,
    retriever: new KeywordRetriever(index.corpus.chunks, index.keyword),
    settings,
  });
}

/**
 * A keyword-retrieval engine over a corpus whose answers are written by the language model the
 * config names (a test's fake OpenAI-compatible server).
 */
export async function generatingEngineFor(corpusDir: string, config: Config, log: Logger): Promise<AnswerEngine> {
  const indexDir = tempDir();
  await ingest({ corpusDir, indexDir });
  const index = await loadIndex(indexDir);
  return createAnswerEngine({
    corpus: index.corpus,
    keyword: index.keyword,
    retriever: new KeywordRetriever(index.corpus.chunks, index.keyword),
    log,
    ...createGeneration(config, log),
  });
}
