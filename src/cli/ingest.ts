import { ingest } from '../ingest/ingest.js';
import { describeFailure } from '../ingest/kept.js';
import { denseDeps, loadEmbedder } from '../app/retrieval.js';
import { isEntryPoint, runAsProcess, startup, type Command } from './common.js';

/**
 * `npm run ingest`: brings INDEX_DIR up to date with BULLETINS_DIR and prints a summary.
 * `--verify` re-reads every bulletin and segment instead of trusting sizes and times (repairs any damage).
 */
export const ingestCommand: Command = async (io) => {
  const { config, log, argv } = startup(io);
  const verify = argv.includes('--verify') ? 'checksums' : 'stat';
  log.info(`ingesting ${config.BULLETINS_DIR} into ${config.INDEX_DIR}${verify === 'checksums' ? ' (verifying every file)' : ''}`);
  const embedder = await loadEmbedder(config, log);
  const r = await ingest(
    { corpusDir: config.BULLETINS_DIR, indexDir: config.INDEX_DIR, verify, ocrMaxPages: config.OCR_MAX_PAGES },
    { log, dense: denseDeps(config, embedder) },
  );
  const kept = r.failed.filter((f) => f.kept);
  const dropped = r.failed.filter((f) => !f.kept);
  const changes = [
    `${r.added.length} added`,
    `${r.updated.length} updated`,
    `${r.removed.length} removed`,
    `${r.unchanged.length} unchanged`,
    ...(kept.length ? [`${kept.length} failed with the previous version kept`] : []),
  ].join(', ');
  log.info(
    `${r.issues} issues, ${r.articles} articles, ${r.chunks} chunks in ${r.seconds.toFixed(2)} s (${changes}; ${r.changed ? 'index written' : 'index already up to date'}); retrieval: ${r.retrieval === 'hybrid' ? `hybrid (BM25 + ${config.EMBEDDING_MODEL} in HNSW, ${r.embedded} chunks embedded now)` : 'keyword (BM25) only'}`,
  );
  if (kept.length) {
    log.warn(`${kept.length} file(s) failed to parse; the version indexed before is still served:`);
    for (const f of kept) log.warn(`  ${describeFailure(f)}`);
  }
  if (r.overlong) {
    log.warn(
      `${r.overlong} chunk(s) longer than ${config.EMBEDDING_MODEL} reads (named above): their vectors cover only the beginning; keyword search covers them whole`,
    );
  }
  if (dropped.length) {
    log.warn(`${dropped.length} file(s) not indexed:`);
    for (const f of dropped) log.warn(`  ${f.error}`);
  }
  // A kept version is still a failure: the file in the folder is not what is served.
  return r.failed.length ? 3 : 0;
};

if (isEntryPoint(import.meta.url)) runAsProcess(ingestCommand);
