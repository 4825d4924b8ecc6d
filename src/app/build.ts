import type { Config } from '../config/schema.js';
import { ingest, type IngestReport } from '../ingest/ingest.js';
import { loadIndex } from '../store/load.js';
import { KeywordRetriever } from '../search/keyword-retriever.js';
import { createAnswerEngine, type AnswerEngine } from '../answer/engine.js';
import type { Logger } from '../util/log.js';

export interface BuiltApp {
  engine: AnswerEngine;
  report: IngestReport | null;
}

/**
 * Brings the index up to date with the corpus (a no-op when nothing changed) and builds the answer
 * engine over it. With `ingestFirst` false the existing index is used as it is.
 */
export async function buildApp(config: Config, log: Logger, options: { ingestFirst?: boolean } = {}): Promise<BuiltApp> {
  let report: IngestReport | null = null;
  if (options.ingestFirst ?? true) {
    report = await ingest({ corpusDir: config.BULLETINS_DIR, indexDir: config.INDEX_DIR }, { log });
    for (const f of report.failed) log.warn(`not indexed: ${f.error}`);
  }
  const index = await loadIndex(config.INDEX_DIR);
  const retriever = new KeywordRetriever(index.corpus.chunks, index.keyword);
  const engine = createAnswerEngine({
    corpus: index.corpus,
    keyword: index.keyword,
    retriever,
    log,
    settings: { minCoverage: config.ANSWER_MIN_COVERAGE, maxQuestionChars: config.MAX_QUESTION_CHARS, historyTurns: config.HISTORY_TURNS },
  });
  return { engine, report };
}
