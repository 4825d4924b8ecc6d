import { describe, expect, it } from 'vitest';
import { expectedValue } from '../../src/answer/answer-type.js';

describe('expectedValue', () => {
  it('asks for an amount in the unit the question names', () => {
    const v = expectedValue('落户奖励是多少万元？')!;
    expect(v.test('给予一次性奖励200万元')).toBe(true);
    expect(v.test('给予一次性奖励')).toBe(false);
    expect(expectedValue('到2025年要培育多少家企业')!.test('培育超2000家专精特新企业')).toBe(true);
    expect(expectedValue('出台了多少部法律法规')!.test('新出台法律法规若干')).toBe(false);
  });

  it('asks for a percentage, a date or a year', () => {
    expect(expectedValue('5G手机出货量占比是多少')!.test('占比超过85%')).toBe(true);
    expect(expectedValue('反馈意见的截止日期是哪天')!.test('截止时间为2023年10月15日')).toBe(true);
    expect(expectedValue('反馈意见的截止日期是哪天')!.test('欢迎社会各界提出意见')).toBe(false);
    expect(expectedValue('哪一年建成')!.test('到2027年建成')).toBe(true);
  });

  it('asks for nothing in particular otherwise', () => {
    expect(expectedValue('广西提出要开展什么制度的试点？')).toBeNull();
  });
});
