import type { AnalyzedQuery } from './query.js';
import type { RankedChunk, Retriever } from './retriever.js';

export interface FusionSettings {
  keywordWeight: number;
  denseWeight: number;
  /** RRF's rank constant: larger values flatten the difference between top ranks. */
  k: number;
  /** Candidates taken from each ranking before fusing. */
  depth: number;
}

export const DEFAULT_FUSION: FusionSettings = { keywordWeight: 1, denseWeight: 1, k: 60, depth: 50 };

/**
 * Reciprocal rank fusion of keyword and dense rankings: score = Σ weight / (k + rank). Ranks, not
 * raw scores, are combined, so BM25's unbounded scores and cosine similarities need no scaling.
 */
export class FusedRetriever implements Retriever {
  readonly mode = 'hybrid';

  constructor(
    private readonly keyword: Retriever,
    private readonly dense: Retriever,
    private readonly settings: FusionSettings = DEFAULT_FUSION,
  ) {}

  async search(query: AnalyzedQuery, limit: number): Promise<RankedChunk[]> {
    const depth = Math.max(limit, this.settings.depth);
    const [keyword, dense] = await Promise.all([this.keyword.search(query, depth), this.dense.search(query, depth)]);
    return fuse(
      [
        { ranking: keyword, weight: this.settings.keywordWeight },
        { ranking: dense, weight: this.settings.denseWeight },
      ],
      this.settings.k,
    ).slice(0, limit);
  }
}

export function fuse(rankings: Array<{ ranking: RankedChunk[]; weight: number }>, k: number): RankedChunk[] {
  const fused = new Map<string, RankedChunk>();
  for (const { ranking, weight } of rankings) {
    ranking.forEach((r, rank) => {
      const entry = fused.get(r.chunk.id) ?? { chunk: r.chunk, score: 0, signals: {} };
      entry.score += weight / (k + rank + 1);
      entry.signals = { ...entry.signals, ...r.signals };
      fused.set(r.chunk.id, entry);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.chunk.id.localeCompare(b.chunk.id));
}
