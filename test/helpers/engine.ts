import { ingest } from '../../src/ingest/ingest.js';
import { loadIndex } from '../../src/store/load.js';
import { KeywordRetriever } from '../../src/search/keyword-retriever.js';
import { createAnswerEngine, type AnswerEngine, type EngineSettings } from '../../src/answer/engine.js';
import { tempDir } from './paths.js';

/** An answer engine over a corpus folder, indexed into a fresh temporary INDEX_DIR. */
export async function engineFor(corpusDir: string, settings: Partial<EngineSettings> = {}): Promise<AnswerEngine> {
  const indexDir = tempDir();
  await ingest({ corpusDir, indexDir });
  const index = await loadIndex(indexDir);
  return createAnswerEngine({ corpus: index.corpus, keyword: index.keyword, retriever: new KeywordRetriever(index.corpus.chunks, index.keyword), settings });
}
