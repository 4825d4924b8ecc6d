import { beforeAll, describe, expect, it } from 'vitest';
import type { AnswerEngine } from '../../src/answer/engine.js';
import { formatCitation } from '../../src/domain/format.js';
import { newConversation } from '../../src/answer/types.js';
import { engineFor } from '../helpers/engine.js';
import { fixtureCorpus } from '../helpers/paths.js';

/**
 * The answer decision over invented bulletins (test/fixtures/bulletins.md): issue-e puts a
 * province's and one of its cities' documents side by side, a ministry's guidance and a research
 * institute's white paper, so that each constraint can be met and missed.
 */
describe('the answer decision', () => {
  let engine: AnswerEngine;
  beforeAll(async () => {
    engine = await engineFor(fixtureCorpus('issue-a.txt', 'issue-e.txt', 'injection.txt'));
  });

  const failed = async (q: string) => {
    const a = await engine.answer(q);
    return { a, check: a.explain?.decision.failedCheck?.name };
  };

  it('answers a value question with the sentence that holds the value, one source line at the end', async () => {
    const a = await engine.answer('芜湖对新设立的人工智能企业落户奖励最高多少？');
    expect(a.found).toBe(true);
    expect(a.text.startsWith('对在芜湖新设立的人工智能企业，按实缴资本的5%给予落户奖励，最高不超过500万元。[1]')).toBe(true);
    expect(a.text.match(/来源：/g)).toHaveLength(1);
    expect(a.text).toContain('[1] 《大数据发展动态》2031年第14期（总第306期）第11–15页《芜湖市支持人工智能产业发展若干措施》');
    expect(a.explain).toMatchObject({ intent: { kind: 'value' }, decision: { path: 'extractive', answered: true } });
  });

  it('refuses another year than the document gives, and says which year it gives', async () => {
    const { a, check } = await failed('安徽省数字经济核心产业到2035年增加值要达到多少亿元？');
    expect(a.found).toBe(false);
    expect(check).toBe('year');
    expect(a.text).toContain('2033年');
    expect(a.retrieved[0]!.title).toBe('安徽省数字经济核心产业倍增行动方案（2031—2033年）');
  });

  it('refuses a province-level question from a city’s document, naming the city’s document', async () => {
    const { a, check } = await failed('安徽省（省级层面）对新设立的人工智能企业给多少落户奖励？');
    expect(a.found).toBe(false);
    expect(check).toBe('place');
    expect(a.text).toContain('简报收录的是芜湖市（市级）的《芜湖市支持人工智能产业发展若干措施》');
    expect(a.citations).toEqual([]);
  });

  it('refuses a document that is not in the bulletins and an issuer the article contradicts', async () => {
    expect(await failed('《安徽省人工智能产业发展行动计划》提出的目标是什么？')).toMatchObject({ a: { found: false }, check: 'document' });
    const { a, check } = await failed('科学技术部印发的工业互联网标识解析指导意见提出到2033年标识注册量突破多少？');
    expect(check).toBe('institution');
    expect(a.text).toContain('工业和信息化部的文件');
  });

  it('answers everyday words, traditional characters and a long question like the plain one', async () => {
    const plain = await engine.answer('芜湖对新设立的人工智能企业落户奖励最高多少？');
    for (const q of [
      '芜湖给AI公司的落户奖励最高多少？',
      '蕪湖對新設立的人工智能企業落戶獎勵最高多少？',
      '我是一家做算法的小公司老板，今年打算把公司搬到安徽去，听说那边对人工智能企业有扶持。请问芜湖对新设立的人工智能企业的落户奖励最高多少？',
    ]) {
      const a = await engine.answer(q);
      expect(a.found, q).toBe(true);
      // The same source (the score it is cited with is the answer model's, which wording moves).
      expect({ ...a.citations[0], score: 0 }, q).toEqual({ ...plain.citations[0], score: 0 });
      expect(a.text, q).toContain('最高不超过500万元');
    }
  });

  it('answers a where-question with the article’s citation', async () => {
    const a = await engine.answer('芜湖那份支持人工智能产业的措施登在哪一期第几页？');
    expect(a.found).toBe(true);
    expect(a.text).toContain('2031年第14期（总第306期）第11–15页');
    expect(a.citations.map((c) => c.pages)).toEqual([[11, 15]]);
    // The citation is the answer: no dangling marker in the text; channels that list sources get it marked.
    expect(a.text).not.toContain('[1]');
    expect(a.markedText).toContain('[1]');
  });

  it('lists every matching article with why it matches, and counts them', async () => {
    const a = await engine.answer('哪几期登过星海市的政策？');
    expect(a.found).toBe(true);
    expect(a.citations.map((c) => `${c.issue.total}:${c.pages[0]}`)).toEqual(['301:11', '303:7']);
    expect(a.text).toContain('共2篇');
  });

  it('answers "有没有收录…" with yes and the articles, or no', async () => {
    const yes = await engine.answer('有没有收录讲低空经济的文件？');
    expect(yes.found).toBe(true);
    expect(yes.text.startsWith('有。')).toBe(true);
    expect(yes.citations.map((c) => c.title)).toEqual(['星海市促进低空经济高质量发展若干措施 (征求意见稿)']);
    const no = await engine.answer('简报有没有收录讲量子通信的文件？');
    expect(no.found).toBe(false);
    expect(no.text.startsWith('没有。')).toBe(true);
    const papers = await engine.answer('这几期一共收了几份白皮书？');
    expect(papers.citations.map((c) => c.title)).toEqual(['量子计算产业发展白皮书（2031年）要点', '智能网联汽车发展白皮书（2031年）']);
  });

  it('answers each subject of a comparison, then compares', async () => {
    const a = await engine.answer('星海市和芜湖市的单个企业奖励最高分别是多少？哪个更高？');
    expect(a.explain?.decision.path).toBe('compare');
    expect(a.explain?.subjects?.map((s) => s.subject)).toEqual(['星海市', '芜湖市']);
    expect(a.explain?.subjects?.every((s) => s.answered)).toBe(true);
    // Each subject from its own city's document, then the comparison of their figures (in 万元 both).
    expect(a.citations.map((c) => c.title)).toEqual(
      expect.arrayContaining(['芜湖市支持人工智能产业发展若干措施', expect.stringContaining('星海市')]),
    );
    expect(a.text).toMatch(/比较：(?:芜湖市|星海市)的数值更高（\d+万元 > \d+万元）/);
    // "分别是多少" asks for each figure, not for a comparison.
    const each = await engine.answer('星海市和芜湖市的单个企业奖励最高分别是多少？');
    expect(each.text).toContain('芜湖市：');
    expect(each.text).not.toContain('比较：');
    // "X和Y，哪个的…更高": each subject is asked for the figure.
    const which = await engine.answer('星海市和芜湖市，哪个的单个企业奖励更高？');
    expect(which.explain?.subjects?.map((s) => s.question)).toEqual(['星海市，单个企业奖励是多少？', '芜湖市，单个企业奖励是多少？']);
    expect(which.text).toMatch(/比较：.+的数值更高/);
    // "比较一下…": the verb is not part of either subject's question.
    const verb = await engine.answer('比较一下星海市和芜湖市的单个企业奖励');
    expect(verb.explain?.subjects?.map((s) => s.question)).toEqual(['星海市的单个企业奖励？', '芜湖市的单个企业奖励？']);
  });

  it('answers a masthead question with the field only, cited to the masthead', async () => {
    const a = await engine.answer('简报的咨询电话是多少？');
    expect(a.text).toContain('0000-11112222');
    expect(a.text).not.toContain('[1]');
    expect(a.citations[0]).toMatchObject({ part: 'masthead', title: '刊头', issue: { total: 306 } });
    expect(formatCitation(a.citations[0]!)).toBe('《大数据发展动态》2031年第14期（总第306期）刊头');
  });

  it('names the resolved question in a follow-up refusal, and says in English why the nearest article does not answer', async () => {
    const conversation = newConversation('anhui');
    await engine.answer('安徽省数字经济核心产业到2033年增加值要达到多少亿元？', conversation);
    const follow = await engine.answer('那2035年呢？', conversation);
    expect(follow.found).toBe(false);
    expect(follow.text).toContain('没有找到能回答“安徽省数字经济核心产业到2035年增加值要达到多少亿元？”');
    const en = await engine.answer('How much will the value added of Anhui digital economy core industries reach by 2035?');
    expect(en.found).toBe(false);
    expect(en.text).toContain('Nearest match: ');
    expect(en.text).toContain('but it gives another year.');
    expect(en.text).not.toMatch(/asked \d|the passage/);
  });

  it('refuses a question about the weather that only shares a place name', async () => {
    const a = await engine.answer('明天星海市会下雨吗？');
    expect(a.found).toBe(false);
    // What the bot is for, not articles that share a word with the question.
    expect(a.text).toContain('我只回答已收录各期《大数据发展动态》里的内容');
    expect(a.text).not.toContain('最接近的文章');
    expect(a.explain?.decision.reason).toMatch(/unrelated|no candidate/);
  });

  it('resolves follow-ups into the previous question’s frame', async () => {
    const c = newConversation('f');
    expect((await engine.answer('芜湖人工智能核心产业规模到2032年要突破多少亿元？', c)).text).toContain('300亿元');
    const next = await engine.answer('那到2035年呢？', c);
    expect(next.standaloneQuestion).toBe('芜湖人工智能核心产业规模到2035年要突破多少亿元？');
    expect(next.text).toContain('600亿元');
    const where = await engine.answer('这份文件登在哪一期？', c);
    expect(where.citations[0]!.title).toBe('芜湖市支持人工智能产业发展若干措施');
  });

  it('explains every answer: intent, candidates with scores and checks, the bar that decided', async () => {
    const a = await engine.answer('安徽省数字经济核心产业到2035年增加值要达到多少亿元？');
    const e = a.explain!;
    expect(e.constraints.years).toEqual([2035]);
    expect(e.candidates[0]).toMatchObject({ rank: 1, title: expect.any(String) as string, coverage: expect.any(Number) as number });
    expect(e.candidates[0]!.checks.find((c) => c.name === 'year')).toMatchObject({ ok: false });
    expect(e.decision.bar).toMatchObject({ name: 'answer', value: expect.any(Number) as number, measure: 'answer model probability' });
  });
});
