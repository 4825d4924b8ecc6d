import { describe, expect, it } from 'vitest';
import { isDebris, withoutCaption, withoutFurniture } from '../../src/answer/sentence-quality.js';
import { holdsValue, expectedValueOrNumber, withoutNonValues } from '../../src/answer/answer-type.js';

describe('sentences worth quoting', () => {
  it('leaves out captions, source notes and flattened table rows', () => {
    expect(isDebris('图4-1 2022年全球算力规模')).toBe(true);
    expect(isDebris('表2 各省数据中心机架数')).toBe(true);
    expect(isDebris('数据来源：中国信息通信研究院')).toBe(true);
    expect(isDebris('广东 12.5 13.1 14.2 江苏 10.2 11.4 12.0')).toBe(true);
    expect(isDebris('到2025年，全省数据中心标准机架达到80万架。')).toBe(false);
    expect(withoutFurniture('阅读全文2024年1月19日，中国信息通信研究院发布报告。')).toBe('2024年1月19日，中国信息通信研究院发布报告。');
  });
});

describe('values', () => {
  it('does not take years, dates or document numbers for figures', () => {
    const any = expectedValueOrNumber('新建算力至少要达到多少？')!;
    expect(holdsValue('算力建设项目按照《专项政策》（闽工信投资〔2021〕47号）执行。', any)).toBe(false);
    expect(holdsValue('到2024年底，全省一体化公共数据资源体系初步建成。', any)).toBe(false);
    expect(holdsValue('新建（含扩容升级）算力达到100P以上。', any)).toBe(true);
    expect(withoutNonValues('1—11月份，软件业务收入110447亿元')).toContain('110447亿元');
  });

  it('asks for money, a share or a rank when the question does', () => {
    expect(expectedValueOrNumber('每家企业最多能拿到多少钱补贴？')!.test('最高补贴50万元')).toBe(true);
    expect(expectedValueOrNumber('每家企业最多能拿到多少钱补贴？')!.test('支持50家企业')).toBe(false);
    expect(expectedValueOrNumber('规上工业企业中开展试验活动的只占多少？')!.test('仅有37.3%开展了')).toBe(true);
    expect(expectedValueOrNumber('在全世界排第几？')!.test('排名全球第二')).toBe(true);
    expect(expectedValueOrNumber('有多少人上网？')!.test('网民规模达10.51亿')).toBe(true);
  });
});

describe('a caption that ran into the next sentence', () => {
  it('is cut off so that the sentence can be read', () => {
    expect(withoutCaption('图3-2 2029—2031年星海市光纤端口发展情况截至2031年底,全市光纤端口达120万个。')).toBe(
      '截至2031年底,全市光纤端口达120万个。',
    );
    // A caption alone stays as it is (and is debris); prose that only starts with 图 is not touched.
    expect(withoutCaption('图3-2 2029—2031年星海市光纤端口发展情况')).toBe('图3-2 2029—2031年星海市光纤端口发展情况');
    expect(withoutCaption('图书馆数字化改造完成80家。')).toBe('图书馆数字化改造完成80家。');
  });
});

describe('values in English questions and technology names', () => {
  it('reads what an English question asks for', () => {
    expect(expectedValueOrNumber('How many 5G base stations were there?')!.test('基站达337万个')).toBe(true);
    expect(holdsValue('将5G基站统计口径调整为按射频单元折算', expectedValueOrNumber('How many 5G base stations were there?')!)).toBe(false);
    expect(holdsValue('占比达46.6%', expectedValueOrNumber('What share of users had 5G?')!)).toBe(true);
    expect(holdsValue('用户达8.05亿户', expectedValueOrNumber('What share of users had 5G?')!)).toBe(false);
  });

  it('does not take 5G or 10G-PON for an amount', () => {
    expect(withoutNonValues('推进5G和10G-PON建设')).not.toMatch(/\d/);
    expect(withoutNonValues('新增5G基站2万个')).toMatch(/2万个/);
  });
});
