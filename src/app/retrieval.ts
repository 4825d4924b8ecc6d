import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { Embedder } from '../embedding/embedder.js';
import { ModelUnavailableError } from '../embedding/embedder.js';
import type { HnswParams, VectorIndex, VectorIndexFactory } from '../embedding/vector-index.js';
import type { DenseDeps } from '../ingest/dense.js';
import { denseKey } from '../ingest/dense.js';
import type { LoadedIndex } from '../store/load-index.js';
import type { DenseManifest } from '../store/manifest.js';
import { KeywordRetriever } from '../search/keyword-retriever.js';
import { DenseRetriever } from '../search/dense-retriever.js';
import { FusedRetriever } from '../search/fused-retriever.js';
import type { Retriever } from '../search/retriever.js';
import type { RetrievalMode } from '../answer/engine-types.js';
import { hnswIndexFactory } from '../vendors/hnswlib.js';
import type { Logger } from '../util/log.js';
import { errorMessage } from '../util/app-error.js';

export function hnswParams(config: Config): HnswParams {
  return { M: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION, efSearch: config.HNSW_EF_SEARCH };
}

/**
 * The embedding model, or null with one clear line in the log when it is neither in MODELS_DIR
 * nor downloadable: retrieval then falls back to keywords and answers keep working.
 */
export async function loadEmbedder(config: Config, log: Logger): Promise<Embedder | null> {
  if (config.RETRIEVAL_MODE === 'keyword') return null;
  // Imported here: transformers.js and onnxruntime cost start-up time and memory a keyword-only process does not need.
  const { loadTransformersEmbedder } = await import('../vendors/transformers.js');
  try {
    return await loadTransformersEmbedder({
      modelId: config.EMBEDDING_MODEL,
      modelsDir: config.MODELS_DIR,
      remoteHost: config.MODEL_REMOTE_HOST,
      allowRemote: config.MODEL_ALLOW_DOWNLOAD,
      quantized: config.EMBEDDING_QUANTIZED,
      batchSize: config.EMBEDDING_BATCH_SIZE,
      threads: config.EMBEDDING_THREADS,
    });
  } catch (error) {
    if (error instanceof ModelUnavailableError) {
      log.warn(error.message);
      return null;
    }
    throw error;
  }
}

export function denseDeps(config: Config, embedder: Embedder | null, indexes: VectorIndexFactory = hnswIndexFactory): DenseDeps | null {
  if (!embedder) return null;
  return {
    embedder,
    quantized: config.EMBEDDING_QUANTIZED,
    hnsw: hnswParams(config),
    indexes,
  };
}

/** The configured retriever, and every mode this index and model allow (the REPL switches among them). */
export interface Retrievers {
  configured: Retriever;
  byMode: Partial<Record<RetrievalMode, Retriever>>;
}

/**
 * The retrievers over a loaded index: keyword always; dense and hybrid when the embedding model is
 * loaded and the index's dense part was built with it and the config's HNSW settings. A dense
 * index that does not match is never used: the caller is told to rebuild (ingest does so) and
 * keyword retrieval answers meanwhile.
 */
export async function createRetrievers(
  config: Config,
  index: LoadedIndex,
  embedder: Embedder | null,
  log: Logger,
  indexes: VectorIndexFactory = hnswIndexFactory,
): Promise<Retrievers> {
  const keyword = new KeywordRetriever(index.corpus.chunks, index.keyword);
  const only = { configured: keyword, byMode: { keyword } };
  if (!embedder) return only;
  const deps = denseDeps(config, embedder, indexes)!;
  const keywordOnly = (why: string) => {
    log.warn(`${why} — using keyword retrieval meanwhile`);
    return only;
  };
  if (index.manifest.denseInvalid)
    return keywordOnly(
      `dense index set aside, its manifest section is invalid (${index.manifest.denseInvalid}); run \`npm run ingest\` to rebuild it`,
    );
  const dense = index.manifest.dense;
  if (!dense || dense.key !== denseKey(deps)) {
    const built = dense
      ? `${dense.model.id} (M=${dense.hnsw.M}, efConstruction=${dense.hnsw.efConstruction}, efSearch=${dense.hnsw.efSearch})`
      : 'no dense index';
    return keywordOnly(
      `index in ${config.INDEX_DIR} has ${built}, config asks for ${config.EMBEDDING_MODEL} (M=${config.HNSW_M}, efConstruction=${config.HNSW_EF_CONSTRUCTION}, efSearch=${config.HNSW_EF_SEARCH}); run \`npm run ingest\` to rebuild`,
    );
  }
  const labelToDoc = labelsToDocs(index, dense);
  let vectors: VectorIndex | null = null;
  try {
    if (labelToDoc)
      vectors = await deps.indexes.load(path.join(config.INDEX_DIR, dense.indexFile), dense.model.dimension, dense.hnsw, labelToDoc);
  } catch (error) {
    return keywordOnly(
      `dense index ${dense.indexFile} cannot be read (${errorMessage(error)}); delete it and run \`npm run ingest\` to rebuild it`,
    );
  }
  if (!vectors || vectors.size !== index.corpus.chunks.length)
    return keywordOnly(`dense index has ${vectors?.size ?? 'no'} vectors for ${index.corpus.chunks.length} chunks; run \`npm run ingest\``);
  const denseRetriever = new DenseRetriever(index.corpus.chunks, vectors, embedder);
  const hybrid = new FusedRetriever(keyword, denseRetriever, {
    keywordWeight: config.FUSION_KEYWORD_WEIGHT,
    denseWeight: config.FUSION_DENSE_WEIGHT ?? embedder.settings.denseWeight,
    k: config.FUSION_RRF_K,
    depth: 50,
  });
  const byMode = { keyword, dense: denseRetriever, hybrid };
  return { configured: byMode[config.RETRIEVAL_MODE], byMode };
}

/** The retriever for the configured mode alone. */
export async function createRetriever(
  config: Config,
  index: LoadedIndex,
  embedder: Embedder | null,
  log: Logger,
  indexes: VectorIndexFactory = hnswIndexFactory,
): Promise<Retriever> {
  return (await createRetrievers(config, index, embedder, log, indexes)).configured;
}

/**
 * Graph label → chunk number, from the labels each segment's vectors got when they were added to
 * the graph (deleted points map to −1); null when the manifest does not cover every segment.
 */
export function labelsToDocs(index: LoadedIndex, dense: DenseManifest): Int32Array | null {
  const map = new Int32Array(dense.nextLabel).fill(-1);
  let doc = 0;
  for (const name of index.order) {
    const entry = index.manifest.files[name]!;
    const labels = dense.labels?.[entry.segment];
    if (!labels || labels[1] !== entry.chunks || labels[0] + labels[1] > map.length) return null;
    for (let i = 0; i < labels[1]; i++) map[labels[0] + i] = doc++;
  }
  return map;
}
