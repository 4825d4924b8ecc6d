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
}
