import type { Config } from '../config/schema.js';
import { ingest, type IngestReport } from '../ingest/ingest.js';
import { loadIndex } from '../store/load.js';
import { createAnswerEngine, type AnswerEngine } from '../answer/engine.js';
import type { Logger } from '../util/log.js';
import { createRetriever, denseDeps, loadEmbedder } from './retrieval.js';
import { createGeneration } from './generation.js';

export interface BuiltApp {
  engine: AnswerEngine;
  report: IngestReport | null;
}

/**
 * Loads the embedding model (or falls back to keywords), brings the index up to date with the
 * corpus (a no-op when nothing changed), and builds the answer engine over it. With `ingestFirst`
 * false the existing index is used as it is.
 */
export async function buildApp(config: Config, log: Logger, options: { ingestFirst?: boolean } = {}): Promise<BuiltApp> {
  const generation = createGeneration(config, log);
  const embedder = await loadEmbedder(config, log);
  let report: IngestReport | null = null;
  if (options.ingestFirst ?? true) {
    report = await ingest({ corpusDir: config.BULLETINS_DIR, indexDir: config.INDEX_DIR }, { log, dense: denseDeps(config, embedder) });
    for (const f of report.failed) log.warn(`not indexed: ${f.error}`);
  }
  const index = await loadIndex(config.INDEX_DIR);
  const retriever = await createRetriever(config, index, embedder, log);
  const engine = createAnswerEngine({
    corpus: index.corpus,
    keyword: index.keyword,
    retriever,
    log,
    settings: { minCoverage: config.ANSWER_MIN_COVERAGE, maxQuestionChars: config.MAX_QUESTION_CHARS, historyTurns: config.HISTORY_TURNS, historyChars: config.HISTORY_MAX_CHARS },
    writer: generation.writer,
    rewriter: generation.rewriter,
  });
  return { engine, report };
}
