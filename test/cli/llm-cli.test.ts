import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AnswerJson } from '../../src/answer/contract.js';
import { scoreRow, summarize, type EvalQuestion, type IssueTruth } from '../../src/eval/score.js';
import { fixtureCorpus, ROOT, SHARED_BULLETINS, tempDir } from '../helpers/paths.js';
import { itShared } from '../helpers/shared.js';
import { citeFirstExcerpt, startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { ask } from '../../src/cli/ask.js';
import { repl } from '../../src/cli/repl.js';
import { runInProcess } from '../helpers/command.js';

const EVAL = path.resolve(ROOT, '..', 'shared', 'eval');
const KEY = 'sk-cli-SECRET-abcdef0123456789';

describe('the commands with a language model (fake OpenAI-compatible server)', () => {
  let server: FakeOpenAi;
  beforeAll(async () => {
    server = await startFakeOpenAi();
  });
  afterAll(() => server.close());

  itShared(
    ['bulletins', 'eval'],
    'ask --jsonl: off-topic questions make no call, every answerable one reaches the model, its "not found" is found: false',
    async () => {
      const questions = readFileSync(path.join(EVAL, 'dev.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as EvalQuestion);
      // The last ones share a word with some article (推荐名单, 签证办理, 填报) that is not about them.
      const offTopic = [
        '明天贵阳会下雨吗？',
        '帮我写一首关于秋天的诗',
        '红烧肉怎么做才好吃？',
        '推荐几本好看的书',
        '如何申请出国签证？',
        '高考志愿怎么填报？',
      ];
      const issues = JSON.parse(readFileSync(path.join(EVAL, 'issues.json'), 'utf8')) as Record<string, IssueTruth>;
      const unanswerable = questions.filter((q) => q.kind === 'unanswerable').map((q) => q.q);
      // A model that cites its first excerpt, and says it found nothing for the unanswerable questions.
      server.fallback = (req) => {
        const user = req.body.messages.at(-1)?.content ?? '';
        return unanswerable.some((q) => user.includes(q)) ? { reply: '在已收录的简报中没有找到相关内容。' } : citeFirstExcerpt(req);
      };
      const input = [...questions.map((q) => q.q), ...offTopic].join('\n') + '\n';
      const indexDir = tempDir();
      const args = ['--jsonl', '--corpus', SHARED_BULLETINS, '--index', indexDir];
      // Keyword retrieval (the same for both runs): what the model is asked is the subject, not the embedding.
      const retrieval = { RETRIEVAL_MODE: 'keyword' };
      const withModel = await runInProcess(ask, args, input, {
        ...retrieval,
        LLM_BASE_URL: server.url,
        LLM_API_KEY: KEY,
        LOG_LEVEL: 'info',
      });
      const without = await runInProcess(ask, args, input, retrieval);
      expect(withModel.status).toBe(0);
      const rows = withModel.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { found: boolean });
      expect(rows).toHaveLength(questions.length + offTopic.length);
      const score = (out: string) =>
        summarize(questions.map((q, i) => scoreRow(issues, q, JSON.parse(out.trim().split('\n')[i]!) as Partial<AnswerJson>)));
      const a = score(withModel.stdout);
      const b = score(without.stdout);
      expect(a.citations_valid).toBe(1);
      expect(a['hit@5']).toBe(b['hit@5']);
      const asked = (q: string) => server.requests.some((r) => r.body.messages.at(-1)!.content.includes(q));
      for (const q of questions.filter((x) => x.kind !== 'unanswerable')) expect(asked(q.q), q.q).toBe(true);
      for (const q of offTopic) expect(asked(q), q).toBe(false);
      for (const [i, q] of questions.entries()) if (q.kind === 'unanswerable') expect(rows[i]!.found, q.q).toBe(false);
      for (const i of offTopic.keys()) expect(rows[questions.length + i]!.found).toBe(false);
      expect(withModel.stdout + withModel.stderr).not.toContain(KEY);
      server.fallback = citeFirstExcerpt;
    },
  );

  it('the REPL streams a generated answer, lists its sources, and /reset forgets the conversation', async () => {
    server.script({ reply: '全国量子计算相关企业数量达到318家[1]。', chunk: 2 });
    const out = await runInProcess(
      repl,
      ['--corpus', fixtureCorpus('issue-a.txt'), '--index', tempDir()],
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
