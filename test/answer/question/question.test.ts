import { describe, expect, it } from 'vitest';
import { normalizeQuestion } from '../../../src/answer/question/normalize.js';
import { classifyIntent } from '../../../src/answer/question/intent.js';
import { extractConstraints } from '../../../src/answer/question/constraints.js';
import { questionFocus } from '../../../src/answer/question/focus.js';
import { askedAttribute } from '../../../src/answer/question/attribute.js';
import { resolveFollowUp } from '../../../src/answer/question/follow-up.js';
import type { Answer, Turn } from '../../../src/answer/types.js';

describe('normalizeQuestion', () => {
  it('turns traditional characters into simplified ones, leaving simplified text as it is', () => {
    expect(normalizeQuestion('黑龍江省對智能工廠的一次性補助最高多少？')).toBe('黑龙江省对智能工厂的一次性补助最高多少？');
    // Character conversion only: the phrase tables would turn 文件 into 文档 and 核心 into 内核.
    expect(normalizeQuestion('核心文件里建立了什么机制？')).toBe('核心文件里建立了什么机制？');
  });

  it('folds full-width letters and digits, look-alike radicals and invisible characters', () => {
    expect(normalizeQuestion('到２０２５年ＡＩ\u200b产业规模？')).toBe('到2025年AI产业规模？');
    expect(normalizeQuestion('\u2f24数据')).toBe('大数据');
    expect(normalizeQuestion('  两个   空格  ')).toBe('两个 空格');
  });

  it('writes a capital named by its province as the city', () => {
    expect(normalizeQuestion('陕西省会的数字经济规划')).toBe('西安的数字经济规划');
    expect(normalizeQuestion('广东的省会城市有什么政策')).toBe('广州有什么政策');
  });
});

describe('classifyIntent', () => {
  const kind = (q: string, subject = false, document = false) => classifyIntent(q, subject, document).kind;
  it('reads where, list, compare, value, yes/no, summary and masthead questions', () => {
    expect(kind('广西数据要素那份总体工作方案登在哪一期、第几页？')).toBe('where');
    expect(kind('哪几期登过上海的政策？')).toBe('list');
    expect(kind('这几期里讲元宇宙的文件有哪些？一共几份？')).toBe('list');
    expect(classifyIntent('这几期里讲元宇宙的文件有哪些？一共几份？', false).count).toBe(true);
    expect(kind('重庆和山东的元宇宙产业规模目标分别是多少？哪个更高？')).toBe('compare');
    expect(kind('到2025年全省数据中心标准机架要达到多少万架？')).toBe('value');
    expect(kind('按新规向境外提供个人信息还要申报安全评估吗？')).toBe('yesno');
    expect(kind('《指导意见》提出了哪些重点任务？')).toBe('summary');
    expect(kind('简报的咨询电话是多少？')).toBe('masthead');
  });

  it('does not take 移动电话 for the masthead or a list inside one document for a list of documents', () => {
    expect(kind('5G用户占全部移动电话用户的比例是多少？', true)).toBe('value');
    expect(kind('《关于推动广东省信息通信业高质量发展的指导意见》支持哪些地方建设海缆登陆站？', true, true)).not.toBe('list');
    expect(kind('有篇文章列出了十个省份，这篇在哪一期？')).toBe('where');
  });
});

describe('extractConstraints', () => {
  it('reads years (not those inside a document name), month ranges and the level asked in words', () => {
    const c = extractConstraints('《互联网法律白皮书（2023年）》里，到2025年底湖北省（省级层面）的目标是多少？');
    expect(c.years).toEqual([2025]);
    expect(c.level).toBe('province');
    expect(c.documents).toEqual(['互联网法律白皮书（2023年）']);
    expect(extractConstraints('2023年前11个月软件业务收入多少？').months).toEqual([1, 11]);
    expect(extractConstraints('2023年全年软件业务收入多少？').months).toEqual([1, 12]);
    // A level right after a place belongs to a name; 全省 is the scope of a target.
    expect(extractConstraints('福建省省级人工智能产业发展项目管理办法里要求什么？').level).toBeNull();
    expect(extractConstraints('要在全省率先建成哪几个掌上之城？').level).toBeNull();
    expect(extractConstraints('广西自治区政府那份方案').level).toBeNull();
  });

  it('reads places with their level, exclusions, institutions, quotes and formal names without 《》', () => {
    const c = extractConstraints('贵州省级层面（不算贵阳贵安）出台的、工信部参与的“数据要素”文件');
    expect(c.places.map((p) => [p.text, p.places[0]!.level])).toEqual([['贵州省', 'province']]);
    expect(c.excluded.map((p) => p.text)).toEqual(['贵阳', '贵安']);
    expect(c.institutions.map((i) => i.institutions[0]!.name)).toEqual(['工业和信息化部']);
    expect(c.quotes).toEqual(['数据要素']);
    expect(extractConstraints('山东省关于加快数字经济高质量发展的指导意见（征求意见稿）里提出了什么？').documents).toEqual([
      '山东省关于加快数字经济高质量发展的指导意见（征求意见稿）',
    ]);
    // A reader's description is not a name.
    expect(extractConstraints('贵州那份让工厂搞数字化的三年方案提出了什么？').documents).toEqual([]);
  });
});

describe('questionFocus and askedAttribute', () => {
  it('reduces a long question to what asks and what names something', () => {
    const focus = questionFocus(
      '我是一家做算法的小公司老板，今年打算把公司搬过去。听说芜湖出了人工智能的措施。请问芜湖对新设立的人工智能企业的落户奖励最高多少？',
    );
    expect(focus).toContain('落户奖励最高多少');
    expect(focus).toContain('芜湖出了人工智能的措施');
    expect(focus).not.toContain('小公司老板');
  });

  it('names what a value question asks about, both sides of a ratio, and codes', () => {
    expect(askedAttribute('2022年卫星导航与位置服务产业总体产值是多少？')[0]!.terms).toEqual(['总体', '产值']);
    const ratio = askedAttribute('研发投入占营业收入的比重是多少？')[0]!;
    expect(ratio.required).toEqual(['研发投入', '营业收入']);
    expect(askedAttribute('截至2022年底“.COM”域名在全球的注册量是多少？')[0]!.required).toContain('com');
    // "占多大比例" asks for the share: the part is the noun right before 占, and there is no whole.
    expect(askedAttribute('国内卖出去的手机里5G手机占多大比例？')[0]!.required).toContain('5G手机');
    expect(askedAttribute('国内卖出去的手机里5G手机占多大比例？')[0]!.terms).not.toContain('多大');
    // A technology named by its number must be the one the evidence names: 6G is not 5G.
    expect(askedAttribute('截至2023年底6G试验基站有多少个？')[0]!.required).toContain('6g');
  });
});

describe('resolveFollowUp without a language model', () => {
  const turn = (question: string, title?: string): Turn => ({
    question,
    answer: {
      question,
      text: '',
      found: true,
      citations: title
        ? [
            {
              issue: { year: 2031, number: 14, total: 306, date: '2031-04-11' },
              pages: [11, 15],
              openEnded: false,
              title,
              quote: '',
              score: 1,
            },
          ]
        : [],
      retrieved: [],
      language: 'zh',
      kind: 'search',
    } satisfies Answer,
  });

  it('substitutes the place, the year or the level into the previous question, not glues the two', () => {
    expect(resolveFollowUp('那山东呢？', [turn('重庆元宇宙产业2025年规模目标是多少？')])).toMatchObject({
      standalone: '山东元宇宙产业2025年规模目标是多少？',
      how: 'substituted',
    });
    expect(resolveFollowUp('那到2030年呢？', [turn('重庆元宇宙产业2025年规模目标是多少？')]).standalone).toBe(
      '重庆元宇宙产业2030年规模目标是多少？',
    );
    expect(resolveFollowUp('要是省级的呢？', [turn('武汉对元宇宙企业奖励多少？')]).standalone).toBe('湖北省对元宇宙企业奖励多少？');
  });

  it('leaves alone a question that names its own subject, unless it points back', () => {
    expect(resolveFollowUp('一共有几篇讲人工智能的文章？', [turn('简报的咨询电话是多少？')]).how).toBe('none');
    expect(resolveFollowUp('其中对智能工厂补多少？', [turn('黑龙江省的数字化政策措施有哪些？')]).how).toBe('prefixed');
  });

  it('reads a previous question in traditional characters as the engine did', () => {
    expect(resolveFollowUp('具体是哪几条措施？', [turn('黑龍江省對智能工廠的一次性補助最高多少？')]).standalone).toMatch(
      /^黑龙江省对智能工厂/,
    );
    expect(resolveFollowUp('那吉林呢？', [turn('黑龍江省對智能工廠的補助最高多少？')]).standalone).toBe('吉林对智能工厂的补助最高多少？');
  });

  it('names the previous answer’s article for "它登在哪一期", and leaves a standalone question alone', () => {
    expect(resolveFollowUp('这份文件登在哪一期？', [turn('芜湖落户奖励最高多少？', '芜湖市支持人工智能产业发展若干措施')]).standalone).toBe(
      '《芜湖市支持人工智能产业发展若干措施》登在哪一期？',
    );
    expect(resolveFollowUp('广东到2027年要培育多少家小巨人企业？', [turn('重庆元宇宙产业规模？')]).how).toBe('none');
  });
});

describe('classifyIntent: documents described by what they are about', () => {
  it('reads "哪些关于X的文件" as a list, and what one document holds as not', () => {
    expect(classifyIntent('简报里有哪些关于人工智能的文件？', false).kind).toBe('list');
    expect(classifyIntent('哪几份讲数据要素的政策？', false).kind).toBe('list');
    expect(classifyIntent('贵阳对大模型有哪些支持措施？', true).kind).not.toBe('list');
  });
});
