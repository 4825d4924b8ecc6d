import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../src/ingest/ingest.js';
import { loadIndex } from '../../src/store/load-index.js';
import { KeywordRetriever } from '../../src/search/keyword-retriever.js';
import type { Retriever } from '../../src/search/retriever.js';
import { createAnswerEngine, type AnswerEngine } from '../../src/answer/engine.js';
import type { AnswerWriter } from '../../src/answer/engine-types.js';
import { ReplSession } from '../../src/repl/commands.js';
import { terminalStyle, wrap, stringWidth } from '../../src/repl/terminal.js';
import { silentLogger } from '../../src/util/log.js';
import { fixtureCorpus, tempDir } from '../helpers/paths.js';
import { jsonObject } from '../helpers/json.js';

/** A writer that answers "模型：" + the first excerpt's title, or waits until it is cancelled. */
function fakeWriter(opts: { hang?: boolean } = {}): AnswerWriter {
  return {
    async write({ question, language, outcome, signal }) {
      if (opts.hang) await new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
      const c = outcome.passages[0]!.chunk;
      return { ...outcome.answer, question, language, text: `模型：${c.title}[1]`, markedText: `模型：${c.title}[1]`, generated: true };
    },
  };
}

async function engines(): Promise<{ extractive: AnswerEngine; generated: AnswerEngine; hanging: AnswerEngine; keywordOnly: AnswerEngine }> {
  const indexDir = tempDir();
  await ingest({ corpusDir: fixtureCorpus('issue-a.txt', 'issue-e.txt'), indexDir });
  const index = await loadIndex(indexDir);
  const keyword = new KeywordRetriever(index.corpus.chunks, index.keyword);
  // A second mode over the same ranking: the session must route to it by name.
  const dense: Retriever = { mode: 'dense', search: (q, limit) => keyword.search(q, limit) };
  const base = { corpus: index.corpus, keyword: index.keyword, retriever: keyword, retrievers: { keyword, dense } };
  return {
    extractive: createAnswerEngine(base),
    generated: createAnswerEngine({ ...base, writer: fakeWriter() }),
    hanging: createAnswerEngine({ ...base, writer: fakeWriter({ hang: true }) }),
    keywordOnly: createAnswerEngine({ corpus: index.corpus, keyword: index.keyword, retriever: keyword }),
  };
}

describe('the REPL command layer', () => {
  let e: Awaited<ReturnType<typeof engines>>;
  beforeAll(async () => {
    e = await engines();
  });
  const session = (engine: AnswerEngine, casesFile = path.join(tempDir(), 'cases.jsonl')) =>
    new ReplSession({ engine, log: silentLogger, casesFile });

  it('/why shows the normalised question, intent, candidates with their checks and the bar that decided', async () => {
    const s = session(e.extractive);
    expect((await s.handle('/why')).output).toBe('还没有回答过问题。');
    await s.handle('安徽省数字经济核心产业到2035年增加值要达到多少亿元？');
    const why = (await s.handle('/why')).output;
    expect(why).toContain('意图  value');
    expect(why).toContain('年份 2035');
    expect(why).toContain('《安徽省数字经济核心产业倍增行动方案（2031—2033年）》');
    expect(why).toMatch(/✗ year：asked 2035; the passage speaks of 2033/);
    expect(why).toMatch(/判断 {2}refusal → 不作答/);
    expect(why).toContain('未通过  year');
    expect(why).not.toMatch(/\u001b\[/);
  });

  it('/mode switches retrieval for the session, and refuses a mode the engine does not have', async () => {
    const s = session(e.extractive);
    expect((await s.handle('/mode hybrid')).output).toMatch(/hybrid 检索不可用/);
    expect((await s.handle('/mode fast')).output).toMatch(/只能是 keyword \| dense \| hybrid/);
    expect((await s.handle('/mode dense')).output).toContain('检索：dense');
    await s.handle('芜湖对新设立的人工智能企业落户奖励最高多少？');
    expect((await s.handle('/why')).output).toContain('检索  dense');
  });

  it('/model off answers extractively with a model configured; without one it says so', async () => {
    expect((await session(e.extractive).handle('/model off')).output).toMatch(/没有配置语言模型/);
    const s = session(e.generated);
    expect((await s.handle('芜湖对新设立的人工智能企业落户奖励最高多少？')).output).toContain('模型：');
    expect((await s.handle('/model off')).output).toContain('原文摘录作答');
    const plain = (await s.handle('芜湖对新设立的人工智能企业落户奖励最高多少？')).output;
    expect(plain).not.toContain('模型：');
    expect(plain).toContain('最高不超过500万元');
  });

  it('/compare answers the last question in every mode, with and without the model', async () => {
    const s = session(e.generated);
    expect((await s.handle('/compare')).output).toBe('还没有回答过问题。');
    await s.handle('芜湖对新设立的人工智能企业落户奖励最高多少？');
    const out = (await s.handle('/compare')).output;
    for (const label of ['keyword · 模型', 'keyword · 摘录', 'dense · 模型', 'dense · 摘录']) expect(out).toContain(label);
    expect(out.match(/模型：/g)?.length).toBe(2);
    expect(out.match(/最高不超过500万元/g)?.length).toBe(2);
  });

  it('/compare with keyword retrieval only and no model says there is one way to answer, and answers nothing again', async () => {
    const s = session(e.keywordOnly);
    await s.handle('芜湖对新设立的人工智能企业落户奖励最高多少？');
    expect((await s.handle('/compare')).output).toBe(
      '只有一种方式可比：关键词检索、原文摘录（没有配置语言模型 LLM_API_KEY，也没有可用的嵌入模型）。',
    );
  });

  it('/good and /bad save cases that `eval` and /eval run', async () => {
    const file = path.join(tempDir(), 'state', 'cases.jsonl');
    const s = session(e.extractive, file);
    await s.handle('芜湖对新设立的人工智能企业落户奖励最高多少？');
    expect((await s.handle('/good')).output).toContain('已存为正确案例');
    await s.handle('安徽省数字经济核心产业到2035年增加值要达到多少亿元？');
    expect((await s.handle('/bad 应该说明只有2033年的目标')).output).toContain('已存为错误案例');
    const [good, bad] = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => jsonObject(l));
    expect(good).toMatchObject({
      q: '芜湖对新设立的人工智能企业落户奖励最高多少？',
      kind: 'fact',
      targets: [{ seed: 'issue-e.txt', toc_page: 11, title: '芜湖市支持人工智能产业发展若干措施' }],
      must: ['5%', '500万元'],
      verdict: 'good',
    });
    expect(bad).toMatchObject({ verdict: 'bad', note: '应该说明只有2033年的目标', found: false, targets: [] });
    // A standalone question is saved without the questions asked before it.
    expect(bad!.context).toBeUndefined();
    const report = (await s.handle(`/eval ${file}`)).output;
    expect(report).toContain('2个问题');
    // The good case passes; the bad one (still to be filled in) is the one miss, with its /why.
    expect(report).toMatch(/answered when answerable\s+0\.50/);
    expect(report).toContain('misses (1)');
    expect(report).toMatch(/- \[fact\] 安徽省数字经济核心产业到2035年增加值要达到多少亿元？\n\s+refused · value → refusal/);
  });

  it('Ctrl-C cancels an answer being written; the session goes on', async () => {
    const s = session(e.hanging);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect((await s.handle('芜湖对新设立的人工智能企业落户奖励最高多少？', () => {}, controller.signal)).output).toBe('（已取消）');
    expect((await s.handle('/issues')).output).toContain('已收录2期');
  });
});

describe('the terminal', () => {
  it('colours only a TTY without NO_COLOR, and wraps to its width counting Chinese as two columns', () => {
    expect(terminalStyle({ isTTY: true, columns: 100 }, {})).toEqual({ colour: true, width: 100 });
    expect(terminalStyle({ isTTY: true, columns: 100 }, { NO_COLOR: '1' }).colour).toBe(false);
    expect(terminalStyle({ isTTY: false }, {})).toEqual({ colour: false, width: 0 });
    const lines = wrap({ colour: false, width: 40 }, '对在芜湖新设立的人工智能企业，按实缴资本的5%给予落户奖励，最高不超过500万元。').split(
      '\n',
    );
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(40);
  });
});
