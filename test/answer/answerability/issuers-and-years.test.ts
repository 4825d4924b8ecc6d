import { describe, expect, it } from 'vitest';
import { issuersOf } from '../../../src/knowledge/institutions.js';
import { planEndYears } from '../../../src/answer/question/constraints.js';

describe('issuersOf: who issued an article', () => {
  it('takes institutions in the title, and in the lead only as the subject of an issuing verb', () => {
    const named = (title: string, lead: string) => issuersOf(title, lead).map((m) => m.text);
    expect(named('2031年通信业统计公报', '2031年，我国通信业认真落实党中央国务院各项决策部署，稳中求进。')).toEqual([]);
    expect(named('关于推进算力互联的通知', '工信部近日印发《关于推进算力互联的通知》。')).toEqual(['工信部']);
    expect(named('财政部关于数据资产入表的通知', '为落实国务院部署，制定本通知。')).toEqual(['财政部']);
  });
});

describe('planEndYears: the end of a five-year plan is a year', () => {
  it('reads 到“十四五”末 as 2025', () => {
    expect(planEndYears('到“十四五”末，国家高新区数量达到220家左右')).toEqual([2025]);
    expect(planEndYears('“十三五”期末，全省光纤覆盖')).toEqual([2020]);
    expect(planEndYears('“十四五”时期，高新区迈进关键阶段')).toEqual([]);
  });
});
