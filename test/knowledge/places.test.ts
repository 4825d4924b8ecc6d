import { describe, expect, it } from 'vitest';
import { findPlaces, levelLabel, levelRank, primary, provinceOf, resolveCapitals, samePlace, within } from '../../src/knowledge/places.js';

/**
 * Expected values read by hand from data/places.tsv: 湖北省 (province), 武汉市 (city of 湖北,
 * sub-provincial, capital), 吉林省 (short 吉林) and 吉林市 (no short form), 深圳市 (sub-provincial),
 * 雄安新区 (new area of 河北), 西安市 (capital of 陕西), 南宁市 (capital of 广西).
 */
describe('places (data/places.tsv)', () => {
  const one = (text: string) => primary(findPlaces(text)[0]!);

  it('finds places in order, the longest name at each position, and says when the level is written out', () => {
    const found = findPlaces('湖北省武汉市和深圳的政策');
    expect(found.map((m) => [m.text, m.index, primary(m).name, m.explicitLevel])).toEqual([
      ['湖北省', 0, '湖北省', true],
      ['武汉市', 3, '武汉市', true],
      ['深圳', 7, '深圳市', false],
    ]);
  });

  it('reads 吉林 as the province and 吉林市 as the city', () => {
    expect(findPlaces('吉林')[0]!.places.map((p) => [p.name, p.level])).toEqual([['吉林省', 'province']]);
    expect(findPlaces('吉林市')[0]!.places.map((p) => [p.name, p.level, p.province])).toEqual([['吉林市', 'city', '吉林']]);
  });

  it('does not take district names that are everyday words for places', () => {
    expect(findPlaces('新城区建设和城区改造').map((m) => m.text)).toEqual([]);
  });

  it('knows what lies within what, and how readers name the levels', () => {
    const hubei = one('湖北省');
    const wuhan = one('武汉市');
    expect(within(wuhan, hubei)).toBe(true);
    expect(within(hubei, wuhan)).toBe(false);
    expect(within(wuhan, wuhan)).toBe(false);
    expect(within(one('深圳市'), hubei)).toBe(false);
    expect(samePlace(one('武汉'), wuhan)).toBe(true);
    expect(provinceOf(wuhan)?.name).toBe('湖北省');
    expect([hubei, one('上海市'), wuhan, one('南宁市'), one('雄安新区')].map(levelLabel)).toEqual([
      '省级',
      '直辖市',
      '副省级城市',
      '市级',
      '国家级新区',
    ]);
    expect([hubei.level, wuhan.level, one('雄安新区').level, one('西城区').level].map(levelRank)).toEqual([1, 2, 2, 3]);
  });

  it('writes a capital named by its province as the city', () => {
    expect(resolveCapitals('陕西省会有哪些数据政策')).toBe('西安有哪些数据政策');
    expect(resolveCapitals('广西首府')).toBe('南宁');
    expect(resolveCapitals('湖北的省会城市')).toBe('武汉');
    // Not a province: left as written.
    expect(resolveCapitals('某地省会')).toBe('某地省会');
  });
});
