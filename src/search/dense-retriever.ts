import type { Chunk } from '../domain/chunk.js';
import type { Embedder } from '../embedding/embedder.js';
import type { VectorHit, VectorIndex } from '../embedding/vector-index.js';
import type { AnalyzedQuery } from './query.js';
import { hasFilters, matchesFilters, type RankedChunk, type Retriever } from './retriever.js';

/** Below this many chunks allowed by the question's filters, the allowed vectors are compared one by one (exact). */
export const EXACT_SEARCH_MAX = 2000;

/** Nearest chunks to the question's embedding in the HNSW index, with the same metadata filters. */
export class DenseRetriever implements Retriever {
  readonly mode = 'dense';

  constructor(
    private readonly chunks: Chunk[],
    private readonly index: VectorIndex,
    private readonly embedder: Embedder,
  ) {}

  async search(query: AnalyzedQuery, limit: number): Promise<RankedChunk[]> {
    const vector = await this.embedder.embedQuery(query.text);
    // A question of characters the model does not know embeds to nothing comparable.
    if (!vector.some((x) => x !== 0 && Number.isFinite(x))) return [];
    let allow: ((label: number) => boolean) | undefined;
    if (hasFilters(query.filters)) {
      allow = (label: number) => matchesFilters(this.chunks[label]!, query.filters);
      const allowed: number[] = [];
      for (let doc = 0; doc < this.chunks.length && allowed.length <= EXACT_SEARCH_MAX; doc++) if (allow(doc)) allowed.push(doc);
      if (allowed.length <= EXACT_SEARCH_MAX && this.index.searchAmong) return this.ranked(this.index.searchAmong(vector, allowed, limit));
    }
    return this.ranked(this.index.search(vector, limit, allow));
  }

  private ranked(hits: VectorHit[]): RankedChunk[] {
    return hits.map((hit, i) => ({
      chunk: this.chunks[hit.label]!,
      score: hit.similarity,
      signals: { dense: { rank: i + 1, score: hit.similarity } },
    }));
  }
}
