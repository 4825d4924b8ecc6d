import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import hnswlib from 'hnswlib-node';
import type { HnswParams, VectorHit, VectorIndex, VectorIndexFactory, WritableVectorIndex } from '../embedding/vector-index.js';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

/** Random seed of graph construction, fixed so that the same vectors give the same index. */
const SEED = 100;

/**
 * A cosine HNSW index. The graph's labels need not be positions in the chunk list: a graph that
 * grows by the bulletin keeps the labels it gave earlier bulletins, and `labelToDoc` maps them
 * (−1 for a deleted point). Without it, label i is chunk i.
 */
export class HnswVectorIndex implements VectorIndex, WritableVectorIndex {
  private constructor(
    private readonly index: Hnsw,
    readonly dimension: number,
    private readonly labelToDoc: Int32Array | null = null,
    private readonly live: number | null = null,
  ) {}

  private reverse: Int32Array | null = null;

  /** Builds a cosine index; vector i gets label `labels[i]` (default i). */
  static build(vectors: Float32Array[], dimension: number, params: HnswParams, labels?: number[]): HnswVectorIndex {
    const index = new HierarchicalNSW('cosine', dimension);
    const capacity = labels?.length ? Math.max(...labels) + 1 : vectors.length;
    index.initIndex(Math.max(1, capacity), params.M, params.efConstruction, SEED);
    vectors.forEach((v, i) => index.addPoint(Array.from(v), labels?.[i] ?? i));
    index.setEf(params.efSearch);
    return new HnswVectorIndex(index, dimension);
  }

  /** Reads a graph written earlier, to search it (with `labelToDoc` when labels are not positions). */
  static async load(file: string, dimension: number, efSearch: number, labelToDoc?: Int32Array): Promise<HnswVectorIndex> {
    const index = new HierarchicalNSW('cosine', dimension);
    await index.readIndex(file);
    index.setEf(efSearch);
    const live = labelToDoc ? labelToDoc.reduce((n, doc) => (doc >= 0 ? n + 1 : n), 0) : null;
    return new HnswVectorIndex(index, dimension, labelToDoc ?? null, live);
  }

  /** Reads a graph written earlier to add points to it, with room for labels below `capacity`. */
  static async open(file: string, dimension: number, params: HnswParams, capacity: number): Promise<HnswVectorIndex> {
    const index = new HierarchicalNSW('cosine', dimension);
    await index.readIndex(file);
    if (index.getMaxElements() < capacity) index.resizeIndex(capacity);
    index.setEf(params.efSearch);
    return new HnswVectorIndex(index, dimension);
  }

  /** Points that can be found (deleted ones are not counted when labels are mapped). */
  get size(): number {
    return this.live ?? this.index.getCurrentCount();
  }

  setEfSearch(ef: number): void {
    this.index.setEf(ef);
  }

  add(vector: Float32Array, label: number): void {
    this.index.addPoint(Array.from(vector), label);
  }

  markDeleted(label: number): void {
    this.index.markDelete(label);
  }

  search(vector: Float32Array, k: number, allow?: (label: number) => boolean): VectorHit[] {
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    const map = this.labelToDoc;
    const filter = map ? (label: number) => (map[label] ?? -1) >= 0 && (!allow || allow(map[label]!)) : allow;
    const result = this.index.searchKnn(Array.from(vector), n, filter);
    return result.neighbors.map((label, i) => ({ label: map ? map[label]! : label, similarity: 1 - result.distances[i]! }));
  }

  searchAmong(vector: Float32Array, labels: number[], k: number): VectorHit[] {
    const toLabel = this.docToLabel();
    let norm = 0;
    for (const x of vector) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    // hnswlib's cosine space stores unit vectors, so the similarity is a dot product with the unit query.
    const hits = labels.map((label) => {
      const point = this.index.getPoint(toLabel ? toLabel[label]! : label);
      let dot = 0;
      for (let i = 0; i < point.length; i++) dot += point[i]! * vector[i]!;
      return { label, similarity: dot / norm };
    });
    return hits.sort((a, b) => b.similarity - a.similarity || a.label - b.label).slice(0, k);
  }

  /** Chunk number → graph label, when labels are not chunk numbers. */
  private docToLabel(): Int32Array | null {
    if (!this.labelToDoc) return null;
    if (!this.reverse) {
      this.reverse = new Int32Array(this.live ?? 0).fill(-1);
      this.labelToDoc.forEach((doc, label) => {
        if (doc >= 0) this.reverse![doc] = label;
      });
    }
    return this.reverse;
  }

  /** Written beside the target and renamed over it: readers never see half an index. */
  async save(file: string): Promise<void> {
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await this.index.writeIndex(temp);
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}

/** The hnswlib-node graphs behind the one interface ingest and serving use. */
export const hnswIndexFactory: VectorIndexFactory = {
  build: (vectors, dimension, params, labels) => HnswVectorIndex.build(vectors, dimension, params, labels),
  open: (file, dimension, params, capacity) => HnswVectorIndex.open(file, dimension, params, capacity),
  load: (file, dimension, params, labelToDoc) => HnswVectorIndex.load(file, dimension, params.efSearch, labelToDoc),
};
