import { describe, expect, it } from 'vitest';
import { narrowsScope, statesTarget } from '../../../src/answer/answerability/candidates.js';

describe('narrowsScope: a sentence about part of the whole', () => {
  it('is flagged when the question names no such part', () => {
    expect(narrowsScope('1-11月份，全国15个副省级中心城市实现软件业务收入5万亿元。', '1-11月软件业务收入多少？')).toBe(true);
    expect(narrowsScope('截至年底，东部地区光纤用户达7000万户。', '光纤用户有多少户？')).toBe(true);
    expect(narrowsScope('1-11月份，我国软件业务收入11万亿元。', '1-11月软件业务收入多少？')).toBe(false);
  });

  it('is not flagged when the question asks about that part', () => {
    expect(narrowsScope('截至年底，东部地区光纤用户达7000万户。', '东部地区光纤用户有多少户？')).toBe(false);
    expect(narrowsScope('副省级中心城市实现软件业务收入5万亿元。', '副省级中心城市的软件业务收入是多少？')).toBe(false);
  });
});

describe('statesTarget: where a document states its targets', () => {
  it('is a sentence that opens with the target year or sits under 主要目标', () => {
    expect(statesTarget('到2033年，推动一批高价值专利实现产业化。', [])).toBe(true);
    expect(statesTarget('力争到“十四五”末，建成10个示范区。', [])).toBe(true);
    expect(statesTarget('建成10个示范区。', ['二、主要目标'])).toBe(true);
    expect(statesTarget('2031年，全市软件业务收入增长12%。', ['一、总体情况'])).toBe(false);
  });
});
