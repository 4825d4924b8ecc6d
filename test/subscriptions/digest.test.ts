import { describe, expect, it } from 'vitest';
import { digestOf, digestText } from '../../src/subscriptions/digest.js';
import { issueSummary } from '../helpers/issues.js';

const ISSUE_301 = issueSummary(301, 9, '2031-03-07', [
  ['国策要论', 1, 3, '数据跨境流动规定'],
  ['国策要论', 4, 8, '算力基础设施行动计划'],
  ['企业动向', 9, null, '星云科技发布大模型'],
]);

describe('the digest of a new issue', () => {
  it('names the issue, its date and headline, and lists its contents by category in printed order', () => {
    expect(digestOf(ISSUE_301)).toEqual({
      total: 301,
      title: '《大数据发展动态》2031年第9期（总第301期）',
      date: '2031年3月7日',
      headline: '第9期头条',
      sections: [
        {
          category: '国策要论',
          entries: [
            { pages: '第1–3页', title: '数据跨境流动规定' },
            { pages: '第4–8页', title: '算力基础设施行动计划' },
          ],
        },
        // The last article's end page is not printed.
        { category: '企业动向', entries: [{ pages: '第9页起', title: '星云科技发布大模型' }] },
      ],
      invitation: '新一期已收录，可以直接向我提问，例如：\n“第9期有哪些文章？”\n“数据跨境流动规定的主要内容是什么？”',
    });
  });

  it('reads as plain text where a platform has no formatting', () => {
    expect(digestText(digestOf(ISSUE_301))).toBe(
      [
        '《大数据发展动态》2031年第9期（总第301期）已发布',
        '2031年3月7日',
        '本期头条：第9期头条',
        '',
        '本期要目',
        '【国策要论】',
        '第1–3页　数据跨境流动规定',
        '第4–8页　算力基础设施行动计划',
        '【企业动向】',
        '第9页起　星云科技发布大模型',
        '',
        '新一期已收录，可以直接向我提问，例如：',
        '“第9期有哪些文章？”',
        '“数据跨境流动规定的主要内容是什么？”',
      ].join('\n'),
    );
  });
});
