import { beforeAll, describe, expect, it } from 'vitest';
import type { AnswerEngine } from '../../../src/answer/engine.js';
import { engineFor } from '../../helpers/engine.js';
import { fixtureCorpus } from '../../helpers/paths.js';

/**
 * issue-d's guidance on data assets says 申请 once ("受理申请之日起15个工作日内"): a question about
 * visas shares that word, and only that word, with it.
 */
describe('the about check', () => {
  let engine: AnswerEngine;
  beforeAll(async () => {
    engine = await engineFor(fixtureCorpus('issue-d.txt'));
  });

  it('refuses a question that shares a word with an article that is not about it', async () => {
    const a = await engine.answer('如何申请出国签证？');
    expect(a.found).toBe(false);
    expect(a.explain?.candidates[0]?.checks.find((c) => c.name === 'about')).toMatchObject({ ok: false });
    expect(a.text).toContain('我只回答已收录各期《大数据发展动态》里的内容');
  });

  it('answers a question about what the article is about', async () => {
    const a = await engine.answer('数据资产登记申请多久完成形式审查？');
    expect(a.found).toBe(true);
    expect(a.text).toContain('15个工作日');
  });
});
