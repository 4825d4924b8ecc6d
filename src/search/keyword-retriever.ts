import type { Chunk } from '../domain/chunk.js';
import type { Bm25Index } from './bm25.js';
import type { AnalyzedQuery } from './query.js';
import { hasFilters, matchesFilters, type RankedChunk, type Retriever } from './retriever.js';

/** BM25 over jieba tokens, with the question's metadata filters applied before ranking. */
export class KeywordRetriever implements Retriever {
  readonly mode = 'keyword';

  constructor(
    private readonly chunks: Chunk[],
    private readonly index: Bm25Index,
  ) {}

  async search(query: AnalyzedQuery, limit: number): Promise<RankedChunk[]> {
    const allow = hasFilters(query.filters) ? (doc: number) => matchesFilters(this.chunks[doc]!, query.filters) : undefined;
    return this.index
      .search(query.tokens, limit, allow)
      .map((hit, i) => ({ chunk: this.chunks[hit.doc]!, score: hit.score, signals: { keyword: { rank: i + 1, score: hit.score } } }));
  }
}
