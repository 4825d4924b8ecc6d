import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import hnswlib from 'hnswlib-node';
import type { HnswParams, VectorHit, VectorIndex } from '../embedding/vector-index.js';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

/** Random seed of graph construction, fixed so that the same vectors give the same index. */
const SEED = 100;

export class HnswVectorIndex implements VectorIndex {
  private constructor(
    private readonly index: Hnsw,
    readonly dimension: number,
  ) {}

  /** Builds a cosine index; vector i gets label i. */
  static build(vectors: Float32Array[], dimension: number, params: HnswParams): HnswVectorIndex {
    const index = new HierarchicalNSW('cosine', dimension);
    index.initIndex(Math.max(1, vectors.length), params.M, params.efConstruction, SEED);
    vectors.forEach((v, i) => index.addPoint(Array.from(v), i));
    index.setEf(params.efSearch);
    return new HnswVectorIndex(index, dimension);
  }

  static async load(file: string, dimension: number, efSearch: number): Promise<HnswVectorIndex> {
    const index = new HierarchicalNSW('cosine', dimension);
    await index.readIndex(file);
    index.setEf(efSearch);
    return new HnswVectorIndex(index, dimension);
  }

  get size(): number {
    return this.index.getCurrentCount();
  }

  setEfSearch(ef: number): void {
    this.index.setEf(ef);
  }

  search(vector: Float32Array, k: number, allow?: (label: number) => boolean): VectorHit[] {
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    const result = this.index.searchKnn(Array.from(vector), n, allow);
    return result.neighbors.map((label, i) => ({ label, similarity: 1 - result.distances[i]! }));
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
