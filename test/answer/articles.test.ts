import { describe, expect, it } from 'vitest';
import { documentMatch } from '../../src/answer/articles.js';

describe('documentMatch: is the document a question names this article?', () => {
  it('matches a name people shorten, every word of it in the title', () => {
    expect(documentMatch('星海新基建三年行动计划', '星海市新型基础设施建设三年行动计划 (2031—2033年)')).toBeGreaterThan(0);
    expect(documentMatch('澜江数字经济指导意见', '澜江省关于加快数字经济高质量发展的指导意见 (征求意见稿)')).toBeGreaterThan(0);
    expect(documentMatch('澜江构建数据基础制度的总体工作方案', '澜江构建数据基础制度更好发挥数据要素作用总体工作方案')).toBeGreaterThan(0);
  });

  it('does not match another document of the same place or the same kind', () => {
    // A word the title lacks (元宇宙), another kind (实施方案), another place (青川).
    expect(documentMatch('澜江元宇宙指导意见', '澜江省关于加快数字经济高质量发展的指导意见')).toBe(0);
    expect(documentMatch('澜江数字经济实施方案', '澜江省关于加快数字经济高质量发展的指导意见')).toBe(0);
    expect(documentMatch('青川数字经济指导意见', '澜江省关于加快数字经济高质量发展的指导意见')).toBe(0);
    expect(documentMatch('中国综合算力评价白皮书', '中国算力发展指数白皮书(2031年)')).toBe(0);
  });

  it('keeps whole containment above a shortened name', () => {
    const whole = documentMatch('星海市新型基础设施建设三年行动计划', '星海市新型基础设施建设三年行动计划 (2031—2033年)');
    const short = documentMatch('星海新基建三年行动计划', '星海市新型基础设施建设三年行动计划 (2031—2033年)');
    expect(whole).toBe(1);
    expect(short).toBeLessThan(whole);
  });
});
