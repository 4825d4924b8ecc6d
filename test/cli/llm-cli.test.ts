import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { scoreRow, summarize, type EvalQuestion, type IssueTruth } from '../../src/eval/score.js';
import { fixtureCorpus, ROOT, SHARED_BULLETINS, tempDir } from '../helpers/paths.js';
import { itShared } from '../helpers/shared.js';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { runNpm } from '../helpers/run.js';

const EVAL = path.resolve(ROOT, '..', 'shared', 'eval');
const KEY = 'sk-cli-SECRET-abcdef0123456789';

describe('the commands with a language model (fake OpenAI-compatible server)', () => {
  let server: FakeOpenAi;
  beforeAll(async () => {
    server = await startFakeOpenAi();
  });
  afterAll(() => server.close());

  itShared('ask --jsonl: every citation valid, hit@5 the same as without the model, the key in no output', async () => {
    const questions = readFileSync(path.join(EVAL, 'dev.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as EvalQuestion);
    const issues = JSON.parse(readFileSync(path.join(EVAL, 'issues.json'), 'utf8')) as Record<string, IssueTruth>;
    const input = questions.map((q) => q.q).join('\n') + '\n';
    const indexDir = tempDir();
    const args = ['run', '--silent', 'ask', '--', '--jsonl', '--corpus', SHARED_BULLETINS, '--index', indexDir];
    const withModel = await runNpm(args, input, { LLM_BASE_URL: server.url, LLM_API_KEY: KEY, LOG_LEVEL: 'info' });
    const without = await runNpm(args, input, {});
    expect(withModel.status).toBe(0);
    const score = (out: string) => summarize(questions.map((q, i) => scoreRow(issues, q, JSON.parse(out.trim().split('\n')[i]!))));
    const a = score(withModel.stdout);
    const b = score(without.stdout);
    expect(a.citations_valid).toBe(1);
    expect(a['hit@5']).toBe(b['hit@5']);
    expect(server.requests.length).toBeGreaterThan(10);
    // Unanswerable questions never reach the model.
    const unanswerable = questions.filter((q) => q.kind === 'unanswerable').map((q) => q.q);
    expect(server.requests.some((r) => unanswerable.some((q) => r.body.messages.at(-1)!.content.includes(q)))).toBe(false);
    expect(withModel.stdout + withModel.stderr).not.toContain(KEY);
  });

  it('the REPL streams a generated answer, lists its sources, and /reset forgets the conversation', async () => {
    server.script({ reply: '全国量子计算相关企业数量达到318家[1]。', chunk: 2 });
    const out = await runNpm(
      ['start', '--silent', '--', '--corpus', fixtureCorpus('issue-a.txt'), '--index', tempDir()],
      '全国量子计算相关企业有多少家？\n/sources\n/reset\n/quit\n',
      {
        LLM_BASE_URL: server.url,
        LLM_API_KEY: KEY,
      },
    );
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(
      '全国量子计算相关企业数量达到318家[1]。\n\n来源：\n[1] 《大数据发展动态》2031年第9期（总第301期）第17–19页',
    );
    expect(out.stdout).toContain('上一个回答的来源：\n[1]');
    expect(out.stdout).toContain('对话已清空');
  });
});
