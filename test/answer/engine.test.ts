import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { AnswerEngine } from '../../src/answer/engine.js';
import { InputError } from '../../src/answer/engine.js';
import { formatCitation } from '../../src/domain/format.js';
import { newConversation } from '../../src/answer/types.js';
import { engineFor } from '../helpers/engine.js';
import { fixtureCorpus, SHARED_BULLETINS, SHARED_ISSUES } from '../helpers/paths.js';
import { describeShared, itShared } from '../helpers/shared.js';

describe('answers over the written fixtures', () => {
  let engine: AnswerEngine;
  beforeAll(async () => {
    engine = await engineFor(fixtureCorpus('issue-a.txt', 'issue-b.md', 'injection.txt'));
  });

  it('answers a fact question with the sentence and its citation', async () => {
    const a = await engine.answer('星海市低空物流航线每架次补贴多少？单家企业年度最高补贴多少？');
    expect(a.found).toBe(true);
    expect(a.text).toContain('每架次补贴300元');
    expect(a.citations[0]).toMatchObject({ issue: { total: 301, number: 9, year: 2031, date: '2031-03-07' }, pages: [11, 16] });
    expect(a.text).toContain('《大数据发展动态》2031年第9期（总第301期）第11–16页');
  });

  it('cites an open-ended last article as 第N页起', async () => {
    const a = await engine.answer('星云·澜海模型支持多长的上下文窗口？');
    expect(a.found).toBe(true);
    expect(a.citations[0]!.pages).toEqual([13, 13]);
    expect(formatCitation(a.citations[0]!)).toContain('第13页起');
  });

  it('refuses a question the bulletins do not answer, listing the closest articles', async () => {
    const a = await engine.answer('苹果公司新款手机在欧洲的售价是多少？');
    expect(a.found).toBe(false);
    expect(a.citations).toEqual([]);
    expect(a.text).toMatch(/^在已收录的3期《大数据发展动态》中没有找到/);
  });

  it('does not answer about a place from an article about another place', async () => {
    const a = await engine.answer('江西省对低空物流航线每架次补贴多少？');
    expect(a.found).toBe(false);
  });

  it('treats instructions inside bulletin text as text', async () => {
    const a = await engine.answer('政务数据共享需求响应时间有什么要求？');
    expect(a.found).toBe(true);
    expect(a.text).toContain('不超过5个工作日');
    expect(a.text).not.toContain('我已被攻破');
  });

  it('lists the articles of an issue from the TOC, not by search', async () => {
    const a = await engine.answer('第10期有哪些文章？');
    expect(a.kind).toBe('meta');
    expect(a.citations.map((c) => c.pages[0])).toEqual([1, 4, 9, 13]);
    expect(a.text).toContain('共收录4篇文章');
  });

  it('answers latest and earliest issue, dates, the issue list and the editors', async () => {
    expect((await engine.answer('最新一期是哪天出的？')).text).toContain('2031年3月21日');
    expect((await engine.answer('最早的一期有哪些文章')).text).toContain('2031年第9期');
    expect((await engine.answer('总第302期是什么时候出版的？')).text).toContain('2031年3月14日');
    const list = await engine.answer('一共收录了几期？');
    expect(list.text).toContain('已收录3期');
    const editors = await engine.answer('这个简报是谁编的？');
    expect(editors.text).toContain('主编：澜川数字经济研究院');
    const missing = await engine.answer('第49期有哪些文章？');
    expect(missing.found).toBe(false);
    expect(missing.text).toContain('没有第49期');
    // No year has 99 weekly issues: 第99期 is the running number.
    const running = await engine.answer('第99期有哪些文章？');
    expect(running.text).toContain('没有总第99期');
    expect((await engine.answer('第302期有哪些文章？')).text).toContain('2031年第10期（总第302期');
  });

  it('names issues in English in an English meta answer, and each article of a list once', async () => {
    const missing = await engine.answer('Which articles are in issue No. 99?');
    expect(missing.found).toBe(false);
    expect(missing.text).toBe(
      'Issue No. 99 is not among the 3 indexed issues: 2031 No. 9 (No. 301 overall), 2031 No. 10 (No. 302 overall), 2031 No. 11 (No. 303 overall).',
    );
    const list = await engine.answer('Which articles are in issue No. 10?');
    const lines = list.text.split('\n');
    expect(lines[0]).toBe('2031 No. 10 (No. 302 overall), published 2031-03-14 has 4 articles:');
    expect(lines[4]).toBe('4. [企业动向] 星云科技发布“星云·澜海”开源大模型（《大数据发展动态》2031 No. 10 (No. 302 overall), p. 13 ff.）');
  });

  it('lists one column of an issue named by its date', async () => {
    const a = await engine.answer('2031年3月7日那一期的“前沿观察”栏目收了哪几篇？');
    expect(a.kind).toBe('meta');
    expect(a.citations.map((c) => c.pages[0])).toEqual([17, 20]);
  });

  it('finds that the passage does not give the asked value (the decision weighs it with the rest of the evidence)', async () => {
    // Whether this near miss is refused is the fitted decision's to make (measured over the committed
    // sets, not one question); what the evidence says of it is fixed: the figure it gives is not the ratio asked.
    const a = await engine.answer('全国量子计算相关企业的研发投入占营业收入的比重是多少？');
    expect(a.explain?.candidates[0]?.checks.find((c) => c.name === 'attribute')).toMatchObject({ ok: false });
  });

  it('answers in English framing when asked in English', async () => {
    const a = await engine.answer('What is the target for the online availability rate of government services?');
    expect(a.language).toBe('en');
    expect(a.found).toBe(true);
    expect(a.text).toMatch(/^From the indexed issues/);
    expect(a.text).toContain('98%');
    expect(a.text).toContain('Sources:');
    // A place name alone does not make an English question related.
    expect((await engine.answer('What will the weather be like in Xinghai tomorrow?')).found).toBe(false);
    const refused = await engine.answer('What is the price of a new iPhone in Europe?');
    expect(refused.found).toBe(false);
    expect(refused.text).toMatch(/^Nothing in the 3 indexed issues/);
  });

  it('rejects empty and over-long questions with one plain sentence', async () => {
    await expect(engine.answer('  \u200b ')).rejects.toBeInstanceOf(InputError);
    await expect(engine.answer('数'.repeat(600))).rejects.toThrow(/问题太长了（上限500个字）/);
  });

  it('keeps history per conversation and folds a short follow-up into the previous question', async () => {
    const conversation = newConversation('t');
    await engine.answer('星海市低空物流航线每架次补贴多少？', conversation);
    const follow = await engine.answer('那单家企业最高呢？', conversation);
    expect(follow.standaloneQuestion).toContain('星海市低空物流航线');
    expect(conversation.history).toHaveLength(2);
  });
});

describeShared(['bulletins'], 'answers over the five real bulletins', () => {
  let engine: AnswerEngine;
  // The TOC page ranges in ../shared/eval/issues.json, read only by the test that needs them.
  const insideToc = (total: number, [s, e]: [number, number]) => {
    const truth = JSON.parse(readFileSync(SHARED_ISSUES, 'utf8')) as Record<
      string,
      { total: number; toc: Array<{ page: number; end: number | null }> }
    >;
    return Object.values(truth).some((i) => i.total === total && i.toc.some((t) => t.page <= s && e <= (t.end ?? 1e6)));
  };

  beforeAll(async () => {
    engine = await engineFor(SHARED_BULLETINS);
  });

  itShared(['eval'], 'answers with the exact figure and a citation inside the TOC range', async () => {
    const a = await engine.answer('广东到2027年要累计培育多少家专精特新“小巨人”企业？');
    expect(a.found).toBe(true);
    expect(a.text).toContain('2000家');
    expect(a.citations[0]).toMatchObject({ issue: { total: 153 }, pages: [8, 13] });
    for (const c of [...a.citations, ...a.retrieved]) expect(insideToc(c.issue.total, c.pages)).toBe(true);
  });

  it('returns up to 10 retrieval results, best first', async () => {
    const a = await engine.answer('数据跨境流动');
    expect(a.retrieved.length).toBe(10);
    const scores = a.retrieved.map((c) => c.score);
    expect(scores[0]).toBe(Math.max(...scores));
  });

  it('names the issue in the words of the spec', async () => {
    const a = await engine.answer('第36期有哪些文章');
    expect(a.text).toContain('2023年第36期（总第147期）');
    expect(formatCitation(a.citations[1]!)).toBe(
      '《大数据发展动态》2023年第36期（总第147期）第7–11页《贵州省工业领域数字化转型实施方案(2023-2025年)》',
    );
    expect(formatCitation(a.citations.at(-1)!)).toContain('第34页起');
  });

  it('refuses questions that share a word or a place with an article that is not about them', async () => {
    // 上海 titles a policy on research facilities; 推荐 is in a rule on 推荐名单.
    for (const q of ['上海今天股市行情如何？', '推荐几本好看的书']) {
      const a = await engine.answer(q);
      expect(a.found, q).toBe(false);
      // Told what the bot is for, not offered a sentence that only shares a word.
      expect(a.text, q).toContain('我只回答已收录各期《大数据发展动态》里的内容');
      expect(a.text, q).not.toContain('最接近的原文');
    }
  });

  it('lists a column across issues, the column not taken for a topic', async () => {
    const a = await engine.answer('各期“产业镜像”栏目里都收了哪些文章？');
    expect(a.found).toBe(true);
    // Read by hand from the 本期要目 of issues 104, 163 and 167.
    expect(a.citations.map((c) => `${c.issue.total}:${c.pages[0]}`)).toEqual(['104:25', '104:28', '163:49', '167:17']);
    expect(a.text).toContain('（“产业镜像”栏目）');
  });

  it('lists every article for a question that spans several', async () => {
    const a = await engine.answer('哪些城市出台了元宇宙产业的专门政策？');
    const pages = a.citations.map((c) => `${c.issue.total}:${c.pages[0]}`);
    expect(pages).toEqual(expect.arrayContaining(['147:25', '153:14', '104:18']));
  });
});
