import { beforeAll, describe, expect, it } from 'vitest';
import { PassThrough, Readable } from 'node:stream';
import { runJsonl } from '../../src/cli/jsonl.js';
import type { AnswerEngine } from '../../src/answer/engine.js';
import { silentLogger } from '../../src/util/log.js';
import { engineFor } from '../helpers/engine.js';
import { ask } from '../../src/cli/ask.js';
import { repl } from '../../src/cli/repl.js';
import { fixtureCorpus, SHARED_BULLETINS, tempDir } from '../helpers/paths.js';
import { runInProcess } from '../helpers/command.js';
import { itShared } from '../helpers/shared.js';
import { jsonObject } from '../helpers/json.js';

async function collect(engine: AnswerEngine, input: string): Promise<Array<Record<string, unknown>>> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await runJsonl(engine, Readable.from([input]), out, silentLogger);
  return Buffer.concat(chunks)
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => jsonObject(l));
}

const aNumber = expect.any(Number) as number;
const aString = expect.any(String) as string;
const citationShape = {
  issue: { year: aNumber, number: aNumber, total: aNumber, date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as string },
  pages: [aNumber, aNumber],
  title: aString,
  quote: aString,
  score: aNumber,
};

describe('ask --jsonl contract', () => {
  let engine: AnswerEngine;
  beforeAll(async () => {
    engine = await engineFor(fixtureCorpus('issue-a.txt', 'issue-b.md'));
  });

  it('writes one object per question, in order, with exactly the contract fields', async () => {
    const rows = await collect(
      engine,
      '1-2月软件业务收入是多少？\n{"q": "星云·澜海模型支持多长的上下文窗口？"}\n苹果手机在欧洲卖多少钱？\n',
    );
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.question)).toEqual([
      '1-2月软件业务收入是多少？',
      '星云·澜海模型支持多长的上下文窗口？',
      '苹果手机在欧洲卖多少钱？',
    ]);
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(['answer', 'citations', 'found', 'question', 'retrieved']);
      for (const c of [...(r.citations as object[]), ...(r.retrieved as object[])]) {
        expect(Object.keys(c).sort()).toEqual(['issue', 'pages', 'quote', 'score', 'title']);
        expect(c).toMatchObject(citationShape);
      }
      expect((r.retrieved as object[]).length).toBeLessThanOrEqual(10);
    }
    expect(rows[0]).toMatchObject({ found: true, citations: [{ issue: { total: 302 }, pages: [9, 12] }] });
    expect(rows[2]).toMatchObject({ found: false, citations: [] });
  });

  it('gives every input line exactly one output line, in order, whatever the line holds', async () => {
    const long = '问'.repeat(20_000);
    const junk = String.fromCharCode(...[0x01, 0xff, 0x7f, 0x1b, 0x80].map((c) => c), 0x4e00 + 7);
    const input =
      ['', '   ', '1-2月软件业务\r收入是多少？', '[1,2,3]', junk, '%$#@!', long, '1-2月软件业务收入是多少？'].join('\n') + '\r\n';
    const rows = await collect(engine, input);
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual({ question: '', error: expect.stringMatching(/empty/) as string });
    expect(rows[1]).toEqual({ question: '', error: aString });
    // A CR inside a line does not split it.
    expect(rows[2]!.question).toBe('1-2月软件业务 收入是多少？');
    for (const i of [3, 4, 5]) expect(rows[i], String(i)).toMatchObject({ found: false, citations: [] });
    // An over-long question is not echoed back in full.
    expect(rows[6]!.error).toMatch(/问题太长了/);
    expect((rows[6]!.question as string).length).toBeLessThanOrEqual(201);
    expect(rows[7]).toMatchObject({ found: true });
  });

  it('--explain adds the answer decision; "context" makes a line a follow-up', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const lines = ['1-2月软件业务收入是多少？', JSON.stringify({ q: '那同比增长多少？', context: ['1-2月软件业务收入是多少？'] })];
    await runJsonl(engine, Readable.from([lines.join('\n') + '\n']), out, silentLogger, { explain: true });
    const rows = Buffer.concat(chunks)
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { answer: string; explain: { candidates: unknown[]; followUp: { how: string } } });
    expect(rows[0]!.explain).toMatchObject({ intent: { kind: 'value' }, decision: { path: 'extractive', answered: true } });
    expect(rows[0]!.explain.candidates[0]).toMatchObject({ rank: 1, checks: expect.any(Array) as unknown[] });
    expect(rows[1]!.explain.followUp.how).not.toBe('none');
    expect(rows[1]!.answer).toContain('13.2%');
  });

  it('answers a bad line with an error object and goes on', async () => {
    const rows = await collect(
      engine,
      `${'很长'.repeat(400)}\n{"q": 42}\n{"q":"那2035年呢？","context":"重庆"}\n\n1-2月软件业务收入是多少？\n`,
    );
    expect(rows).toHaveLength(5);
    expect(rows[0]!.error).toMatch(/问题太长了/);
    expect(rows[1]!.error).toBe('JSON line without a string "q" (or "question")');
    expect(rows[2]!.error).toBe('"context" must be an array of earlier questions (strings)');
    expect(rows[3]!.error).toBe('empty line: no question');
    expect(rows[4]!.found).toBe(true);
  });
});

describe('ask --jsonl and the REPL, run as `npm run` runs them (in this process)', () => {
  itShared(['bulletins'], 'ask --jsonl writes only JSON lines on stdout, its log on stderr', async () => {
    const input = '广东到2027年要累计培育多少家专精特新“小巨人”企业？\n总第153期是哪天出的？\n';
    // Keyword retrieval: what reaches stdout is the subject here, not the embedding of the five issues.
    const env = { LOG_LEVEL: 'info', RETRIEVAL_MODE: 'keyword' };
    const result = await runInProcess(ask, ['--jsonl', '--corpus', SHARED_BULLETINS, '--index', tempDir()], input, env);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((l) => JSON.parse(l) as { found: boolean; answer: string });
    expect(first!.found).toBe(true);
    expect(first!.answer).toContain('2000家');
    expect(second!.answer).toContain('2023年10月20日');
    expect(result.stderr).toMatch(/parsed .*总第153期/);
  });

  it('ask says in one line that the bulletin folder is missing, and fails with status 1', async () => {
    const result = await runInProcess(ask, ['--corpus', '/nonexistent', '--index', tempDir(), '问题']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error: bulletin folder not found: /nonexistent');
  });

  it('the REPL over piped input answers questions and runs the commands', async () => {
    const result = await runInProcess(
      repl,
      ['--corpus', fixtureCorpus('issue-a.txt'), '--index', tempDir()],
      '全国量子计算相关企业有多少家？\n/sources\n/issues\n/reset\n/bogus\n/quit\n',
    );
    expect(result.status).toBe(0);
    const out = result.stdout;
    expect(out).toContain('318家');
    expect(out).toContain('上一个回答的来源：');
    expect(out).toContain('已收录1期');
    expect(out).toContain('对话已清空');
    expect(out).toContain('未知命令 /bogus');
    expect(out).toContain('再见');
  });
});
