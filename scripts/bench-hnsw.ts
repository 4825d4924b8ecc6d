/**
 * HNSW alone on synthetic 512-dimension vectors: build time, memory, query latency and recall@10
 * against exact search, for several efSearch values. The vectors have low intrinsic dimension and
 * clusters, like sentence embeddings, rather than being uniform noise, which no corpus resembles.
 */
import { HnswVectorIndex } from '../src/vendors/hnswlib.js';
import { DEFAULT_HNSW } from '../src/embedding/vector-index.js';

export interface HnswBenchOptions {
  count: number;
  dimension: number;
  queries: number;
  efSearch: number[];
}

function gaussian(next: () => number): number {
  const u = Math.max(next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Points of low intrinsic dimension, as sentence embeddings are: a mixture of clusters in a
 * 32-dimension latent space, mapped into `dim` dimensions by a fixed random matrix, plus a little
 * noise, then normalised.
 */
function embeddingLikeVectors(count: number, dim: number, seed: number, space: LatentSpace): Float32Array[] {
  const next = rng(seed);
  const { centres, map, latent } = space;
  return Array.from({ length: count }, () => {
    const c = centres[Math.floor(next() * centres.length)]!;
    const z = Float32Array.from({ length: latent }, (_, k) => c[k]! + 0.35 * gaussian(next));
    const v = new Float32Array(dim);
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      let x = 0.02 * gaussian(next);
      const row = map[d]!;
      for (let k = 0; k < latent; k++) x += row[k]! * z[k]!;
      v[d] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    for (let d = 0; d < dim; d++) v[d] = v[d]! / norm;
    return v;
  });
}

interface LatentSpace {
  latent: number;
  centres: Float32Array[];
  map: Float32Array[];
}

function latentSpace(dim: number, latent = 32, clusters = 200): LatentSpace {
  const next = rng(1);
  return {
    latent,
    centres: Array.from({ length: clusters }, () => Float32Array.from({ length: latent }, () => gaussian(next))),
    map: Array.from({ length: dim }, () => Float32Array.from({ length: latent }, () => gaussian(next) / Math.sqrt(latent))),
  };
}

function exactTop(vectors: Float32Array[], q: Float32Array, k: number): number[] {
  const best: Array<{ i: number; s: number }> = [];
  for (let i = 0; i < vectors.length; i++) {
    const v = vectors[i]!;
    let s = 0;
    for (let d = 0; d < q.length; d++) s += v[d]! * q[d]!;
    if (best.length < k || s > best[best.length - 1]!.s) {
      best.push({ i, s });
      best.sort((a, b) => b.s - a.s);
      if (best.length > k) best.pop();
    }
  }
  return best.map((b) => b.i);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

export async function benchHnsw(o: HnswBenchOptions): Promise<void> {
  const space = latentSpace(o.dimension);
  const vectors = embeddingLikeVectors(o.count, o.dimension, 2, space);
  const queries = embeddingLikeVectors(o.queries, o.dimension, 3, space);
  console.log(
    `HNSW on ${o.count} synthetic ${o.dimension}-d vectors (M=${DEFAULT_HNSW.M}, efConstruction=${DEFAULT_HNSW.efConstruction}), ${o.queries} queries`,
  );

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const index = HnswVectorIndex.build(vectors, o.dimension, DEFAULT_HNSW);
  const buildSeconds = (performance.now() - t0) / 1000;
  const rssAfter = process.memoryUsage().rss;
  console.log(
    `  build ${buildSeconds.toFixed(1)} s (${(o.count / buildSeconds).toFixed(0)} vectors/s), index memory ≈ ${((rssAfter - rssBefore) / 2 ** 20).toFixed(0)} MiB (raw vectors ${((o.count * o.dimension * 4) / 2 ** 20).toFixed(0)} MiB)`,
  );

  const t1 = performance.now();
  const truth = queries.map((q) => exactTop(vectors, q, 10));
  console.log(`  exact search ${((performance.now() - t1) / o.queries).toFixed(1)} ms/query (brute force, for reference)`);
  for (const ef of o.efSearch) {
    index.setEfSearch(ef);
    for (const q of queries.slice(0, 20)) index.search(q, 10); // warm
    const times: number[] = [];
    let found = 0;
    queries.forEach((q, i) => {
      const t = performance.now();
      const hits = index.search(q, 10);
      times.push(performance.now() - t);
      const want = new Set(truth[i]);
      found += hits.filter((h) => want.has(h.label)).length;
    });
    const mark = ef === DEFAULT_HNSW.efSearch ? '  (default)' : '';
    console.log(
      `  efSearch=${String(ef).padEnd(4)} recall@10=${(found / (10 * o.queries)).toFixed(4)}  p50=${pct(times, 50).toFixed(3)} ms  p95=${pct(times, 95).toFixed(3)} ms${mark}`,
    );
  }
}
