import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Chunk } from '../domain/chunk.js';
import type { Embedder } from '../embedding/embedder.js';
import type { HnswParams, VectorIndexFactory } from '../embedding/vector-index.js';
import { writeFileAtomic } from '../store/atomic.js';
import type { DenseManifest } from '../store/manifest.js';
import type { Logger } from '../util/log.js';
import { createProgress } from '../util/progress.js';
import { reportOverlong } from './overlong.js';

/** Bumped when the text given to the model for a chunk changes. */
const EMBED_TEXT_VERSION = 1;

/** Past this share of deleted points (removed bulletins) the graph is rebuilt from the stored vectors. */
export const MAX_DELETED_SHARE = 0.25;

/** What the model reads of a chunk: article title and section headings give a passage its subject. */
export function embeddingText(chunk: Chunk): string {
  const heading = chunk.sectionPath.length ? `${chunk.sectionPath.join(' ')}\n` : '';
  return `《${chunk.title}》\n${heading}${chunk.text}`;
}

export interface DenseDeps {
  embedder: Embedder;
  quantized: boolean;
  hnsw: HnswParams;
  /** Builds, grows and loads the HNSW graph (the same implementation serving reads it with). */
  indexes: VectorIndexFactory;
}

/** A segment of the new generation, in corpus order; its chunks are read only if its vectors must be computed. */
export interface DenseSegment {
  segment: string;
  count: number;
  chunks: () => Promise<Chunk[]>;
  /** Vectors of the same chunks left by an index of an older format, taken over instead of embedding again. */
  legacyVectors?: string;
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

/** Vectors of a bulletin are stored beside its segment and depend only on its chunks and the model. */
export function vectorFileFor(segmentFile: string, deps: DenseDeps): string {
  return segmentFile.replace(/\.seg$/, `-${modelKey(deps)}.f32`);
}

/** Where an index of format 1 kept a bulletin's vectors, beside its parse cache `files/….json`. */
export function legacyVectorFileFor(cacheFile: string, deps: DenseDeps): string {
  return cacheFile.replace(/\.json$/, `-${modelKey(deps)}.f32`);
}

function modelKey(deps: DenseDeps): string {
  const { id, dimension, pooling, normalize } = deps.embedder.settings;
  return createHash('sha256')
    .update(JSON.stringify({ EMBED_TEXT_VERSION, id, dimension, pooling, normalize, quantized: deps.quantized }))
    .digest('hex')
    .slice(0, 12);
}

/**
 * Brings the HNSW graph to the new generation's segments. New segments' chunks are embedded
 * (unless their vectors are stored) and added to the previous graph under fresh labels; removed
 * segments' points are marked deleted; the result is saved as a new file. The graph is built anew
 * from the stored vectors when there is no usable previous one (first ingest, other model or HNSW
 * settings) or when deleted points would pass MAX_DELETED_SHARE.
 */
export async function updateDenseIndex(
  indexDir: string,
  segments: DenseSegment[],
  generation: string,
  previous: DenseManifest | undefined,
  deps: DenseDeps,
  log: Logger,
): Promise<{ manifest: DenseManifest; embedded: number; overlong: number }> {
  const key = denseKey(deps);
  const dim = deps.embedder.settings.dimension;
  const live = segments.reduce((n, s) => n + s.count, 0);
  const usable = previous?.key === key && previous.labels && (await exists(path.join(indexDir, previous.indexFile)));
  const removed = usable ? Object.keys(previous.labels).filter((name) => !segments.some((s) => s.segment === name)) : [];
  const removedPoints = removed.reduce((n, name) => n + previous!.labels[name]![1], 0);
  const deleted = usable ? previous.deleted + removedPoints : 0;
  const incremental = usable && deleted <= MAX_DELETED_SHARE * (live + deleted);

  const needed = incremental ? segments.filter((s) => !previous.labels[s.segment]) : segments;
  const { vectors, embedded, overlong } = await vectorsOf(indexDir, needed, deps, log);
  const labels: DenseManifest['labels'] = {};
  let nextLabel = incremental ? previous.nextLabel : 0;
  let indexFile = `dense-${generation}-${key}.hnsw`;

  if (incremental && !needed.length && !removed.length) {
    indexFile = previous.indexFile;
    for (const s of segments) labels[s.segment] = previous.labels[s.segment]!;
  } else if (incremental) {
    const graph = await deps.indexes.open(path.join(indexDir, previous.indexFile), dim, deps.hnsw, nextLabel + live);
    for (const name of removed) {
      const [first, count] = previous.labels[name]!;
      for (let i = 0; i < count; i++) graph.markDeleted(first + i);
    }
    for (const s of segments) {
      const kept = previous.labels[s.segment];
      if (kept) labels[s.segment] = kept;
      else {
        labels[s.segment] = [nextLabel, s.count];
        for (const v of vectors.get(s.segment)!) graph.add(v, nextLabel++);
      }
    }
    log.info(`dense index: ${needed.length} bulletin(s) added to the graph, ${removed.length} marked deleted`);
    await graph.save(path.join(indexDir, indexFile));
  } else {
    const all: Float32Array[] = [];
    for (const s of segments) {
      labels[s.segment] = [nextLabel, s.count];
      nextLabel += s.count;
      all.push(...vectors.get(s.segment)!);
    }
    if (usable) log.info(`dense index: rebuilding the graph (${deleted} deleted points of ${live + deleted})`);
    await deps.indexes
      .build(
        all,
        dim,
        deps.hnsw,
        all.map((_, i) => i),
      )
      .save(path.join(indexDir, indexFile));
  }
  const s = deps.embedder.settings;
  return {
    embedded,
    overlong,
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
      files: [indexFile, ...segments.map((seg) => vectorFileFor(seg.segment, deps))],
      vectors: live,
      labels,
      nextLabel,
      deleted: incremental ? deleted : 0,
    },
  };
}

/** Stored vectors of the segments, embedding (and storing) those that have none. */
async function vectorsOf(
  indexDir: string,
  segments: DenseSegment[],
  deps: DenseDeps,
  log: Logger,
): Promise<{ vectors: Map<string, Float32Array[]>; embedded: number; overlong: number }> {
  const dim = deps.embedder.settings.dimension;
  const vectors = new Map<string, Float32Array[]>();
  const missing: Array<{ segment: DenseSegment; chunks: Chunk[] }> = [];
  for (const s of segments) {
    const file = path.join(indexDir, vectorFileFor(s.segment, deps));
    const stored = await readVectors(file, s.count, dim);
    const legacy = !stored && s.legacyVectors ? await readVectors(path.join(indexDir, s.legacyVectors), s.count, dim) : null;
    if (legacy) await writeFileAtomic(file, packVectors(legacy, dim));
    if (stored ?? legacy) vectors.set(s.segment, (stored ?? legacy)!);
    else missing.push({ segment: s, chunks: await s.chunks() });
  }
  const texts = missing.flatMap((m) => m.chunks.map(embeddingText));
  const overlong = reportOverlong(
    missing.flatMap((m) => m.chunks),
    texts,
    deps.embedder,
    log,
  );
  if (texts.length) {
    log.info(`embedding ${texts.length} chunks with ${deps.embedder.settings.id}`);
    const progress = createProgress({ label: 'embedding', total: texts.length, unit: 'chunks' });
    const computed = await deps.embedder.embedDocuments(texts, (done) => progress.update(done));
    progress.finish();
    let k = 0;
    for (const m of missing) {
      const own = computed.slice(k, k + m.chunks.length);
      k += m.chunks.length;
      vectors.set(m.segment.segment, own);
      await writeFileAtomic(path.join(indexDir, vectorFileFor(m.segment.segment, deps)), packVectors(own, dim));
    }
  }
  return { vectors, embedded: texts.length, overlong };
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

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
