import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { ingest, type IngestReport } from '../ingest/ingest.js';
import { failureLogLine } from '../ingest/kept.js';
import { loadIndex } from '../store/load-index.js';
import { MANIFEST_FILE, type Manifest } from '../store/manifest.js';
import { CorpusError, isDirectory } from '../ingest/corpus.js';
import { createAnswerEngine, engineSettingsFrom } from '../answer/engine.js';
import type { Logger } from '../util/log.js';
import { createRetrievers, denseDeps, loadEmbedder } from './retrieval.js';
import { extractiveGeneration } from './extractive.js';
import { LiveEngine } from './live-engine.js';

export interface BuiltApp {
  engine: LiveEngine;
  report: IngestReport | null;
  /** The manifest of the index being served. */
  manifest: () => Manifest;
  /** Loads the index as it is on disk now and switches to it; the old one stays if that fails. */
  reload: () => Promise<Manifest>;
}

/**
 * Loads the language model and embedding model once (or falls back to extractive answers and
 * keywords), brings the index up to date with the corpus (a no-op when nothing changed; skipped
 * with `ingestFirst: false`), and builds the answer engine over it.
 */
export async function buildApp(config: Config, log: Logger, options: { ingestFirst?: boolean } = {}): Promise<BuiltApp> {
  // LangChain is loaded only for a language model (it costs ≈0.7 s and ≈55 MiB of every start).
  const generation = config.LLM_API_KEY
    ? (await import('./generation.js')).createGeneration(config, log)
    : extractiveGeneration(config, log);
  let ingestFirst = options.ingestFirst ?? true;
  // Without the bulletin folder an index built before still answers (as it is); without both, nothing can.
  if (ingestFirst && !(await isDirectory(config.BULLETINS_DIR))) {
    if (!existsSync(path.join(config.INDEX_DIR, MANIFEST_FILE)))
      throw new CorpusError(`bulletin folder not found: ${config.BULLETINS_DIR} (set BULLETINS_DIR or pass --corpus DIR)`);
    log.warn(
      `bulletin folder not found: ${config.BULLETINS_DIR}; answering from the index in ${config.INDEX_DIR} as it is (pass --corpus DIR to bring it up to date)`,
    );
    ingestFirst = false;
  }
  const embedder = await loadEmbedder(config, log);
  let report: IngestReport | null = null;
  if (ingestFirst) {
    report = await ingest(
      { corpusDir: config.BULLETINS_DIR, indexDir: config.INDEX_DIR, ocrMaxPages: config.OCR_MAX_PAGES },
      { log, dense: denseDeps(config, embedder) },
    );
    for (const f of report.failed) log.warn(...failureLogLine(f));
  }

  const engineForIndex = async () => {
    const index = await loadIndex(config.INDEX_DIR);
    const retrievers = await createRetrievers(config, index, embedder, log);
    const engine = createAnswerEngine({
      corpus: index.corpus,
      keyword: index.keyword,
      retriever: retrievers.configured,
      retrievers: retrievers.byMode,
      log,
      settings: engineSettingsFrom(config),
      writer: generation.writer,
      rewriter: generation.rewriter,
    });
    return { engine, manifest: index.manifest };
  };

  let current = await engineForIndex();
  const live = new LiveEngine(current.engine);
  return {
    engine: live,
    report,
    manifest: () => current.manifest,
    async reload() {
      const next = await engineForIndex();
      live.swap(next.engine);
      current = next;
      return next.manifest;
    },
  };
}
