import { describe, expect, it } from 'vitest';
import { otherYearOnly, restates } from '../../../src/answer/shapes/extractive.js';

describe('further sentences of an extractive answer', () => {
  it('leave out one that restates a sentence already quoted', () => {
    const note = '星海市提出到2033年，全市低空经济相关产业规模达到800亿元，培育10家头部企业，20家专精特新企业。';
    expect(restates('到2033年，全市低空经济相关产业规模达800亿元，培育10家头部企业，20家专精特新企业。', note)).toBe(true);
    expect(restates('到2033年，全市建成起降点120个、低空航线80条，低空物流年运量达到5万吨。', note)).toBe(false);
  });

  it('leave out one about another year than the one asked, its year read from the sentence before when it names none', () => {
    expect(otherYearOnly('力争全省两化融合发展水平达到55。', '到2031年，打造一批标杆示范项目。', [2033])).toBe(true);
    expect(otherYearOnly('力争全省两化融合发展水平达到60。', '到2033年，数字化转型取得显著成效。', [2033])).toBe(false);
    expect(otherYearOnly('关键工序数控化率达到70%。', '推动企业上云。', [2033])).toBe(false);
    expect(otherYearOnly('到2031年达到55。', '', [])).toBe(false);
  });
});
