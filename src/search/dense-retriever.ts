import type { Chunk } from '../ingest/chunk-types.js';
import type { Embedder } from '../embedding/embedder.js';
import type { VectorIndex } from '../embedding/vector-index.js';
import type { AnalyzedQuery } from './query.js';
import { hasFilters, matchesFilters, type RankedChunk, type Retriever } from './retriever.js';

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
    const allow = hasFilters(query.filters) ? (label: number) => matchesFilters(this.chunks[label]!, query.filters) : undefined;
    return this.index.search(vector, limit, allow).map((hit, i) => ({
      chunk: this.chunks[hit.label]!,
      score: hit.similarity,
      signals: { dense: { rank: i + 1, score: hit.similarity } },
    }));
  }
}
