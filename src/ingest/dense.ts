import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Chunk } from './chunk-types.js';
import type { Embedder } from '../embedding/embedder.js';
import type { HnswParams } from '../embedding/vector-index.js';
import { writeFileAtomic } from '../store/atomic.js';
import type { Logger } from '../util/log.js';
import { createProgress } from '../util/progress.js';

/** Bumped when the text given to the model for a chunk changes. */
const EMBED_TEXT_VERSION = 1;

/** What the model reads of a chunk: article title and section headings give a passage its subject. */
export function embeddingText(chunk: Chunk): string {
  const heading = chunk.sectionPath.length ? `${chunk.sectionPath.join(' ')}\n` : '';
  return `《${chunk.title}》\n${heading}${chunk.text}`;
}

/** Everything that makes stored vectors and the HNSW graph valid; recorded in the manifest. */
export interface DenseManifest {
  key: string;
  model: { id: string; dimension: number; pooling: string; normalize: boolean; queryPrefix: string; quantized: boolean };
  hnsw: HnswParams & { space: 'cosine' };
  indexFile: string;
  /** Every file of the dense index (vectors per bulletin and the graph), for clean-up. */
  files: string[];
  vectors: number;
}

export interface BuiltVectorIndex {
  save(file: string): Promise<void>;
}

export interface DenseDeps {
  embedder: Embedder;
  quantized: boolean;
  hnsw: HnswParams;
  buildIndex: (vectors: Float32Array[], dimension: number, params: HnswParams) => BuiltVectorIndex;
}

export function denseKey(deps: DenseDeps): string {
  const { id, dimension, pooling, normalize, queryPrefix } = deps.embedder.settings;
  return createHash('sha256')
    .update(
      JSON.stringify({ EMBED_TEXT_VERSION, id, dimension, pooling, normalize, queryPrefix, quantized: deps.quantized, hnsw: deps.hnsw }),
    )
    .digest('hex')
    .slice(0, 12);
}

/** Vectors of a bulletin are stored beside its parse cache and depend only on its chunks and the model. */
export function vectorFileFor(cacheFile: string, deps: DenseDeps): string {
  const { id, dimension, pooling, normalize } = deps.embedder.settings;
  const modelKey = createHash('sha256')
    .update(JSON.stringify({ EMBED_TEXT_VERSION, id, dimension, pooling, normalize, quantized: deps.quantized }))
    .digest('hex')
    .slice(0, 12);
  return cacheFile.replace(/\.json$/, `-${modelKey}.f32`);
}

/**
 * Embeds the chunks of bulletins that have no stored vectors (new or changed files only), then
 * builds the HNSW graph over all vectors, in corpus order, and writes it under INDEX_DIR.
 */
export async function buildDenseIndex(
  indexDir: string,
  files: Array<{ cache: string; chunks: Chunk[] }>,
  corpusKey: string,
  deps: DenseDeps,
  log: Logger,
): Promise<{ manifest: DenseManifest; embedded: number }> {
  const dim = deps.embedder.settings.dimension;
  const stored = await Promise.all(files.map((f) => readVectors(path.join(indexDir, vectorFileFor(f.cache, deps)), f.chunks.length, dim)));
  const missing = files.flatMap((f, i) => (stored[i] ? [] : f.chunks));
  if (missing.length) {
    log.info(`embedding ${missing.length} chunks with ${deps.embedder.settings.id}`);
    const progress = createProgress({ label: 'embedding', total: missing.length, unit: 'chunks' });
    const vectors = await deps.embedder.embedDocuments(missing.map(embeddingText), (done) => progress.update(done));
    progress.finish();
    let k = 0;
    for (const [i, f] of files.entries()) {
      if (stored[i]) continue;
      const own = vectors.slice(k, k + f.chunks.length);
      k += f.chunks.length;
      stored[i] = own;
      await writeFileAtomic(path.join(indexDir, vectorFileFor(f.cache, deps)), packVectors(own, dim));
    }
  }
  const all = stored.flatMap((v) => v!);
  const key = denseKey(deps);
  const indexFile = `dense-${corpusKey}-${key}.hnsw`;
  await deps.buildIndex(all, dim, deps.hnsw).save(path.join(indexDir, indexFile));
  const s = deps.embedder.settings;
  return {
    embedded: missing.length,
    manifest: {
      key,
      model: {
        id: s.id,
        dimension: s.dimension,
        pooling: s.pooling,
        normalize: s.normalize,
        queryPrefix: s.queryPrefix,
        quantized: deps.quantized,
      },
      hnsw: { ...deps.hnsw, space: 'cosine' },
      indexFile,
      files: [indexFile, ...files.map((f) => vectorFileFor(f.cache, deps))],
      vectors: all.length,
    },
  };
}

function packVectors(vectors: Float32Array[], dim: number): Uint8Array {
  const packed = new Float32Array(vectors.length * dim);
  vectors.forEach((v, i) => packed.set(v, i * dim));
  return new Uint8Array(packed.buffer);
}

async function readVectors(file: string, count: number, dim: number): Promise<Float32Array[] | null> {
  try {
    const bytes = await readFile(file);
    if (bytes.byteLength !== count * dim * 4) return null;
    const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    return Array.from({ length: count }, (_, i) => all.subarray(i * dim, (i + 1) * dim));
  } catch {
    return null;
  }
}
