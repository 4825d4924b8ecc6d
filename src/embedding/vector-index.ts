/** HNSW parameters; recorded in the manifest so that an index built with others is rebuilt. */
export interface HnswParams {
  M: number;
  efConstruction: number;
  efSearch: number;
}

export const DEFAULT_HNSW: HnswParams = { M: 16, efConstruction: 200, efSearch: 64 };

export interface VectorHit {
  /** Position of the vector in the corpus's chunk list. */
  label: number;
  /** Cosine similarity. */
  similarity: number;
}

/** Nearest neighbours by cosine similarity. Implemented over hnswlib-node in src/vendors. */
export interface VectorIndex {
  readonly size: number;
  readonly dimension: number;
  search(vector: Float32Array, k: number, allow?: (label: number) => boolean): VectorHit[];
  /**
   * Exact nearest neighbours among the given labels only. A selective filter (one issue of
   * hundreds) makes a filtered HNSW search wander through most of the graph; comparing with the
   * few allowed vectors is then both exact and faster.
   */
  searchAmong?(vector: Float32Array, labels: number[], k: number): VectorHit[];
}

/**
 * An index being written by ingest: points are added under labels of the caller's choosing and
 * removed ones are marked deleted (HNSW cannot take a point out of its graph), then it is saved as
 * a new file; the file it was read from is not changed.
 */
export interface WritableVectorIndex {
  add(vector: Float32Array, label: number): void;
  markDeleted(label: number): void;
  save(file: string): Promise<void>;
}

/**
 * How graphs are made and read, for ingest and for serving alike: `build` a new one, `open` one
 * written earlier to grow it, `load` one to search it. One interface for the three, so that the
 * graph ingest writes is read by the same implementation, and tests can substitute another.
 * Implemented over hnswlib-node in src/vendors.
 */
export interface VectorIndexFactory {
  /** A new graph: vector i under label `labels[i]`. */
  build(vectors: Float32Array[], dimension: number, params: HnswParams, labels: number[]): WritableVectorIndex;
  /** A graph written earlier, opened to grow, with room for labels below `capacity`. */
  open(file: string, dimension: number, params: HnswParams, capacity: number): Promise<WritableVectorIndex>;
  /** A graph written earlier, to search; `labelToDoc` maps graph labels to chunk numbers (−1 for a deleted point). */
  load(file: string, dimension: number, params: HnswParams, labelToDoc: Int32Array): Promise<VectorIndex>;
}
