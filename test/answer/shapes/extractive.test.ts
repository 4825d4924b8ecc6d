import { describe, expect, it } from 'vitest';
import { extractiveAnswer, restates } from '../../../src/answer/shapes/extractive.js';
import { analyzeQuestion } from '../../../src/answer/question/analyze.js';
import type { Candidate, PartQuery, ScoredSentence } from '../../../src/answer/evidence/types.js';
import type { Chunk } from '../../../src/domain/chunk.js';
import { expectedValueOrNumber } from '../../../src/answer/answer-type.js';

const chunk: Chunk = {
  id: 'c1',
  issue: { year: 2031, number: 9, total: 301, date: '2031-03-07' },
  category: '地方新政',
  title: '星海市促进低空经济高质量发展若干措施',
  sectionPath: [],
  pages: { start: 11, end: 16 },
  articleIndex: 2,
  ordinal: 0,
  kind: 'body',
  text: '',
  file: 'issue-a.txt',
};

const sentence = (text: string, after = '', score = 0.9): ScoredSentence => ({
  chunk,
  sentence: text,
  before: '',
  after,
  features: {},
  score,
});

function answer(question: string, sentences: ScoredSentence[][]) {
  const q = analyzeQuestion(question, undefined, { resolveFollowUps: false });
  const parts = q.parts.map(
    (p, index) =>
      ({ index, text: p.text, value: expectedValueOrNumber(p.text), attribute: [], asksTarget: false, kind: null }) as unknown as PartQuery,
  );
  return extractiveAnswer(q, { score: 0.9 } as Candidate, parts, sentences, []);
}

describe('an extractive answer', () => {
  it('quotes one sentence per asked part, each once, with one source line', () => {
    const fee = sentence('按照实际飞行架次给予运营企业每架次补贴300元。');
    const cap = sentence('单家企业年度补贴最高500万元。');
    const a = answer('低空物流航线每架次补贴多少？单家企业年度最高补贴多少？', [[fee], [cap, fee]]);
    expect(a.text.startsWith('按照实际飞行架次给予运营企业每架次补贴300元。[1]单家企业年度补贴最高500万元。[1]')).toBe(true);
    expect(a.text.match(/每架次补贴300元/g)).toHaveLength(1);
    expect(a.text.match(/来源：/g)).toHaveLength(1);
    expect(a.citations).toHaveLength(1);
  });

  it('follows a sentence that only leads up to the asked value with the one that gives it', () => {
    const lead = sentence('到2033年，全市低空经济发展取得显著成效。', '全市低空经济相关产业规模达到800亿元。');
    const a = answer('星海市到2033年低空经济产业规模要达到多少亿元？', [[lead]]);
    expect(a.text).toContain('全市低空经济相关产业规模达到800亿元。[1]');
  });

  it('leaves out a sentence that restates one already quoted', () => {
    const note = '星海市提出到2033年，全市低空经济相关产业规模达到800亿元，培育10家头部企业，20家专精特新企业。';
    expect(restates('到2033年，全市低空经济相关产业规模达800亿元，培育10家头部企业，20家专精特新企业。', note)).toBe(true);
    expect(restates('到2033年，全市建成起降点120个、低空航线80条，低空物流年运量达到5万吨。', note)).toBe(false);
    const a = answer('星海市低空经济产业规模目标是多少？', [
      [sentence(note), sentence('到2033年，全市低空经济相关产业规模达800亿元，培育10家头部企业，20家专精特新企业。')],
    ]);
    expect(a.text.match(/800亿元/g)).toHaveLength(1);
  });
});
