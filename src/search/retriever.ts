import type { Chunk } from '../domain/chunk.js';
import type { AnalyzedQuery, SearchFilters } from './query.js';

export interface RankedChunk {
  chunk: Chunk;
  /** The retriever's own score (BM25 for keyword retrieval), higher is better. */
  score: number;
  /** Rank (1-based) and score in each ranking that produced this one: shown by /why. */
  signals?: { keyword?: { rank: number; score: number }; dense?: { rank: number; score: number } };
}

/** One way of ranking chunks for a question: keyword, dense or fused. */
export interface Retriever {
  readonly mode: string;
  search(query: AnalyzedQuery, limit: number): Promise<RankedChunk[]>;
}

export function matchesFilters(chunk: Chunk, filters: SearchFilters): boolean {
  return (
    (filters.year === undefined || chunk.issue.year === filters.year) &&
    (filters.number === undefined || chunk.issue.number === filters.number) &&
    (filters.total === undefined || chunk.issue.total === filters.total) &&
    (filters.category === undefined || chunk.category === filters.category)
  );
}

export function hasFilters(filters: SearchFilters): boolean {
  return Object.values(filters).some((v) => v !== undefined);
}

/** Key of the article a chunk belongs to. */
export function articleKey(chunk: Chunk): string {
  return `${chunk.issue.total}:${chunk.articleIndex}`;
}

/**
 * Reorders a ranking so that the first places go to different articles: each article's best chunk
 * in rank order, then the remaining chunks in rank order. Questions that span several articles
 * ("哪些省份…") then see every relevant article near the top.
 */
export function diversify(ranked: RankedChunk[]): RankedChunk[] {
  const seen = new Set<string>();
  const first: RankedChunk[] = [];
  const rest: RankedChunk[] = [];
  for (const r of ranked) {
    const key = articleKey(r.chunk);
    (seen.has(key) ? rest : first).push(r);
    seen.add(key);
  }
  return [...first, ...rest];
}
