import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../src/search/bm25.js';
import { Bm25Segment, termHash } from '../../src/search/bm25-segment.js';

// Small documents of hand-picked tokens: the expected scores are computed below from the BM25
// formula directly, not with the index.
const docs = [
  ['数据', '要素', '市场', '数据'],
  ['算力', '网络', '数据'],
  ['低空', '经济', '补贴', '补贴', '补贴'],
  ['数据', '交易', '市场'],
  ['量子', '计算'],
  ['算力', '算力', '调度'],
];

function reference(query: string[], k1 = 1.2, b = 0.75): Array<{ doc: number; score: number }> {
  const n = docs.length;
  const avg = docs.reduce((s, d) => s + d.length, 0) / n;
  const scores = new Map<number, number>();
  for (const term of new Set(query)) {
    const df = docs.filter((d) => d.includes(term)).length;
    if (!df) continue;
    const idf = Math.max(0.01, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
    docs.forEach((d, i) => {
      const tf = d.filter((t) => t === term).length;
      if (tf) scores.set(i, (scores.get(i) ?? 0) + (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * d.length) / avg)));
    });
  }
  return [...scores].map(([doc, score]) => ({ doc, score })).sort((x, y) => y.score - x.score || x.doc - y.doc);
}

describe('BM25 over segments', () => {
  const whole = new Bm25Index([Bm25Segment.build(docs)]);
  const split = new Bm25Index([Bm25Segment.build(docs.slice(0, 2)), Bm25Segment.build(docs.slice(2, 3)), Bm25Segment.build(docs.slice(3))]);
  const reloaded = new Bm25Index([Bm25Segment.decode(Bm25Segment.build(docs.slice(0, 4)).encode()), Bm25Segment.build(docs.slice(4))]);

  it('scores like the BM25 formula over all documents, however the documents are split into segments', () => {
    for (const query of [['数据', '市场'], ['算力'], ['补贴', '低空', '数据'], ['没有', '量子']]) {
      const expected = reference(query);
      for (const index of [whole, split, reloaded]) {
        const hits = index.search(query, 10);
        expect(hits.map((h) => h.doc)).toEqual(expected.map((h) => h.doc));
        hits.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]!.score, 12));
      }
    }
  });

  it('counts document frequencies across segments', () => {
    expect(split.documentFrequency('数据')).toBe(3);
    expect(split.documentFrequency('算力')).toBe(2);
    expect(split.documentFrequency('不存在')).toBe(0);
    expect(split.size).toBe(6);
    expect(split.idf('量子')).toBeCloseTo(whole.idf('量子'), 15);
  });

  it('keeps the best `limit` hits, ties by document number, and applies the filter', () => {
    const tied = new Bm25Index([Bm25Segment.build([['甲'], ['乙'], ['甲'], ['甲']]), Bm25Segment.build([['甲'], ['甲']])]);
    expect(tied.search(['甲'], 3).map((h) => h.doc)).toEqual([0, 2, 3]);
    expect(tied.search(['甲'], 3, (d) => d > 2).map((h) => h.doc)).toEqual([3, 4, 5]);
    expect(tied.search(['甲'], 0)).toEqual([]);
    // Repeated searches start from clean scores.
    expect(tied.search(['甲'], 10)).toEqual(tied.search(['甲'], 10));
  });

  it('tells apart terms whose hashes collide', () => {
    const [a, b] = ['丵仕市场', '仗丝数据'];
    expect(termHash(a)).toBe(termHash(b));
    const index = new Bm25Index([Bm25Segment.build([[a], [b], [b]])]);
    expect(index.documentFrequency(a)).toBe(1);
    expect(index.documentFrequency(b)).toBe(2);
    expect(index.search([a], 5).map((h) => h.doc)).toEqual([0]);
    expect(index.search([b], 5).map((h) => h.doc)).toEqual([1, 2]);
  });
});
