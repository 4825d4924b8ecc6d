import { describe, expect, it } from 'vitest';
import { isDebris, withoutFurniture } from '../../src/answer/sentence-quality.js';
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
