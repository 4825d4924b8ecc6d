import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../src/search/bm25.js';
import { Bm25Segment } from '../../src/search/bm25-segment.js';
import { tokenize } from '../../src/search/tokenize.js';
import { analyzeQuery, extractFilters, englishToChineseTerms } from '../../src/search/query.js';

const docs = [
  { id: 'shandong', text: '山东省支持建设30个以上元宇宙公共应用体验中心，元宇宙相关产业规模达到1500亿元左右。' },
  { id: 'chongqing', text: '重庆市到2025年全市元宇宙相关产业规模达1000亿元，培育10家行业头部企业。' },
  { id: 'guangdong', text: '广东省累计培育超2000家专精特新“小巨人”企业，打造中小企业特色产业集群。' },
  { id: 'software', text: '1-11月，工业软件产品收入2509亿元，同比增长12.2%。' },
];
const index = Bm25Index.build(docs.map((d) => ({ id: d.id, tokens: tokenize(d.text) })));
const top = (q: string) => index.search(tokenize(q), 3).map((h) => index.id(h.doc));

describe('tokenize', () => {
  it('segments Chinese with jieba, drops stop-words and punctuation, keeps numbers', () => {
    const tokens = tokenize('广东到2027年要培育多少家专精特新“小巨人”企业？');
    expect(tokens).toContain('广东');
    expect(tokens).toContain('2027');
    expect(tokens).toContain('企业');
    expect(tokens).not.toContain('多少');
    expect(tokens).not.toContain('？');
    expect(tokens).not.toContain('“');
  });
});

describe('Bm25Index', () => {
  it('ranks the document that shares the rare terms first', () => {
    expect(top('山东元宇宙体验中心')[0]).toBe('shandong');
    expect(top('重庆元宇宙产业规模')[0]).toBe('chongqing');
    expect(top('专精特新小巨人')[0]).toBe('guangdong');
  });

  it('returns nothing for a query without shared terms', () => {
    expect(index.search(tokenize('量子通信卫星'), 3)).toEqual([]);
  });

  it('gives rare terms a higher idf than common ones', () => {
    expect(index.idf('重庆')).toBeGreaterThan(index.idf('产业'));
  });

  it('filters documents before ranking', () => {
    const hits = index.search(tokenize('元宇宙产业规模'), 3, (d) => index.id(d) !== 'shandong');
    expect(hits[0] && index.id(hits[0].doc)).toBe('chongqing');
    expect(hits.map((h) => index.id(h.doc))).not.toContain('shandong');
  });

  it('round-trips through its binary segment with the same scores', () => {
    const segment = Bm25Segment.build(docs.map((d) => tokenize(d.text)));
    const copy = new Bm25Index([Bm25Segment.decode(segment.encode())]);
    expect(copy.search(tokenize('元宇宙产业'), 3)).toEqual(index.search(tokenize('元宇宙产业'), 3));
  });
});

describe('query analysis', () => {
  it('reads issue filters from the question', () => {
    expect(extractFilters('2023年第36期有哪些文章')).toEqual({ year: 2023, number: 36 });
    expect(extractFilters('总第153期是哪天出的')).toEqual({ total: 153 });
    // No week of a year is the 147th: that is the running number.
    expect(extractFilters('第147期有哪些文章')).toEqual({ total: 147 });
    expect(extractFilters('第36期有哪些文章')).toEqual({ number: 36 });
    expect(extractFilters('地方新政栏目里关于算力的政策')).toEqual({ category: '地方新政' });
    expect(extractFilters('2023年通信业统计公报')).toEqual({});
  });

  it('maps English questions to Chinese terms', () => {
    const terms = englishToChineseTerms('What was the year-on-year growth of industrial software revenue in January-November 2023?');
    expect(terms).toEqual(expect.arrayContaining(['工业软件', '1-11月']));
    const q = analyzeQuery('How many cellular IoT users did the telecom operators have?');
    expect(q.language).toBe('en');
    expect(q.tokens).toContain('蜂窝');
  });
});
