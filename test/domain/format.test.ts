import { describe, expect, it } from 'vitest';
import {
  formatCitation,
  formatDate,
  formatIssue,
  formatIssueAsked,
  formatIssueDated,
  formatNamedIssue,
  formatPages,
  formatWhere,
  pageSpan,
  type CitedPlace,
} from '../../src/domain/format.js';
import { citationFor } from '../../src/domain/citation.js';

// Every expected string below is written by hand, as the bulletin prints it and as a reader writes it.
const issue = { year: 2023, number: 36, total: 147, date: '2023-09-08' };
const article: CitedPlace = { issue, pages: [7, 11], openEnded: false, title: '贵州省工业领域数字化转型实施方案(2023-2025年)' };
const onePage: CitedPlace = { issue, pages: [9, 9], openEnded: false, title: '一页的文章' };
const last: CitedPlace = { issue, pages: [34, 34], openEnded: true, title: '最后一篇' };
const masthead: CitedPlace = { issue, pages: [1, 1], openEnded: false, title: '刊头', part: 'masthead' };

describe('the citation formatter', () => {
  it('names an issue by its year, number and total, in Chinese and English', () => {
    expect(formatIssue(issue)).toBe('2023年第36期（总第147期）');
    expect(formatIssue(issue, 'en')).toBe('2023 No. 36 (No. 147 overall)');
    expect(formatIssue(issue, 'zh', { total: false })).toBe('2023年第36期');
    expect(formatIssue(issue, 'en', { total: false })).toBe('2023 No. 36');
    expect(formatNamedIssue({ year: 2031, number: 9, total: 301 })).toBe('《大数据发展动态》2031年第9期（总第301期）');
  });

  it('adds the date for log lines and for answers', () => {
    expect(formatIssueDated(issue, 'zh', 'iso')).toBe('2023年第36期（总第147期，2023-09-08）');
    expect(formatIssueDated(issue, 'en', 'iso')).toBe('2023 No. 36 (No. 147 overall, 2023-09-08)');
    expect(formatIssueDated(issue, 'zh', 'published')).toBe('2023年第36期（总第147期，2023年9月8日出版）');
    expect(formatIssueDated(issue, 'en', 'published')).toBe('2023 No. 36 (No. 147 overall), published 2023-09-08');
    expect(formatDate('2024-01-26')).toBe('2024年1月26日');
    expect(formatDate('2024-01-26', 'en')).toBe('2024-01-26');
  });

  it('names an issue as a question asked for it, in part', () => {
    expect(formatIssueAsked({ total: 153 })).toBe('总第153期');
    expect(formatIssueAsked({ year: 2023, number: 42 })).toBe('2023年第42期');
    expect(formatIssueAsked({ number: 42 })).toBe('第42期');
    expect(formatIssueAsked({ total: 153 }, 'en')).toBe('No. 153 overall');
    expect(formatIssueAsked({ year: 2023, number: 42 }, 'en')).toBe('2023 No. 42');
    expect(formatIssueAsked({ number: 42 }, 'en')).toBe('No. 42');
  });

  it('writes a page range, one page, an article whose end is not printed, and the masthead', () => {
    expect([article, onePage, last, masthead].map((c) => formatPages(c))).toEqual(['第7–11页', '第9页', '第34页起', '刊头']);
    expect([article, onePage, last, masthead].map((c) => formatPages(c, 'en'))).toEqual(['pp. 7–11', 'p. 9', 'p. 34 ff.', 'masthead']);
  });

  it('gives a TOC entry the pages a citation of it carries', () => {
    expect(formatPages(pageSpan({ page: 7, endPage: 11 }))).toBe('第7–11页');
    expect(formatPages(pageSpan({ page: 12, endPage: 12 }))).toBe('第12页');
    expect(formatPages(pageSpan({ page: 34, endPage: null }))).toBe('第34页起');
    const cited = citationFor(issue, { page: 34, endPage: null, title: '最后一篇' }, '', 1);
    expect(formatCitation(cited)).toBe('《大数据发展动态》2023年第36期（总第147期）第34页起《最后一篇》');
  });

  it('writes a whole citation, and the parts of it that lists and the report need', () => {
    expect(formatWhere(article)).toBe('2023年第36期（总第147期）第7–11页');
    expect(formatWhere(article, 'en')).toBe('2023 No. 36 (No. 147 overall), pp. 7–11');
    expect(formatCitation(article)).toBe(
      '《大数据发展动态》2023年第36期（总第147期）第7–11页《贵州省工业领域数字化转型实施方案(2023-2025年)》',
    );
    expect(formatCitation(article, 'en')).toBe(
      '《大数据发展动态》2023 No. 36 (No. 147 overall), pp. 7–11, 《贵州省工业领域数字化转型实施方案(2023-2025年)》',
    );
    expect(formatCitation(masthead)).toBe('《大数据发展动态》2023年第36期（总第147期）刊头');
    expect(formatCitation(masthead, 'en')).toBe('《大数据发展动态》2023 No. 36 (No. 147 overall), masthead');
    expect(formatCitation(onePage, 'zh', { name: false })).toBe('2023年第36期（总第147期）第9页《一页的文章》');
    expect(formatCitation(last, 'en', { title: false })).toBe('《大数据发展动态》2023 No. 36 (No. 147 overall), p. 34 ff.');
    // A title that itself holds 《》 is left out whole, not cut at its inner bracket.
    const nested = { ...article, title: '工信部发布《国家人工智能产业综合标准化体系建设指南》征求意见稿' };
    expect(formatCitation(nested, 'zh', { title: false })).toBe('《大数据发展动态》2023年第36期（总第147期）第7–11页');
  });
});
