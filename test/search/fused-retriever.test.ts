import { describe, expect, it } from 'vitest';
import { fuse, FusedRetriever } from '../../src/search/fused-retriever.js';
import type { RankedChunk, Retriever } from '../../src/search/retriever.js';
import type { Chunk } from '../../src/domain/chunk.js';
import { analyzeQuery } from '../../src/search/query.js';

const chunk = (id: string): Chunk => ({
  id,
  issue: { year: 2031, number: 9, total: 301, date: '2031-03-07' },
  category: '地方新政',
  title: id,
  sectionPath: [],
  pages: { start: 1, end: 2 },
  articleIndex: 0,
  ordinal: 0,
  kind: 'body',
  text: id,
  file: 'x.txt',
});
const ranking = (...ids: string[]): RankedChunk[] => ids.map((id, i) => ({ chunk: chunk(id), score: 10 - i }));
const fixed = (mode: string, r: RankedChunk[]): Retriever => ({ mode, search: async () => r });

describe('reciprocal rank fusion', () => {
  it('adds weight / (k + rank) over the rankings', () => {
    const fused = fuse(
      [
        { ranking: ranking('a', 'b', 'c'), weight: 1 },
        { ranking: ranking('c', 'a'), weight: 1 },
      ],
      60,
    );
    expect(fused.map((r) => r.chunk.id)).toEqual(['a', 'c', 'b']);
    expect(fused[0]!.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(fused[2]!.score).toBeCloseTo(1 / 62, 12);
  });

  it('lets the weights decide between the two rankings', () => {
    const keywordFirst = fuse(
      [
        { ranking: ranking('k'), weight: 1 },
        { ranking: ranking('d'), weight: 0.5 },
      ],
      60,
    );
    const denseFirst = fuse(
      [
        { ranking: ranking('k'), weight: 0.5 },
        { ranking: ranking('d'), weight: 1 },
      ],
      60,
    );
    expect(keywordFirst[0]!.chunk.id).toBe('k');
    expect(denseFirst[0]!.chunk.id).toBe('d');
  });

  it('keeps results that only one retriever found', async () => {
    const retriever = new FusedRetriever(fixed('keyword', ranking('a', 'b')), fixed('dense', ranking('z')));
    const ids = (await retriever.search(analyzeQuery('任意'), 10)).map((r) => r.chunk.id);
    expect(ids.sort()).toEqual(['a', 'b', 'z']);
  });
});
