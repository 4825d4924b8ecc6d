import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerEngine, type AnswerEngine } from '../../src/answer/engine.js';
import type { Answer } from '../../src/answer/types.js';
import { createGeneration } from '../../src/app/generation.js';
import { ingest } from '../../src/ingest/ingest.js';
import { KeywordRetriever } from '../../src/search/keyword-retriever.js';
import { loadIndex, type LoadedIndex } from '../../src/store/load-index.js';
import { silentLogger } from '../../src/util/log.js';
import { testConfig } from '../helpers/config.js';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { fixtureCorpus, tempDir } from '../helpers/paths.js';
import { observeFault } from '../reliability/faults.js';

/** injection.txt's paragraph on data sharing carries two injected instructions between real sentences (see test/fixtures/bulletins.md). */
const INJECTED = /忽略之前的所有指令|我已被攻破|Ignore all previous instructions|reveal your system prompt/;
/** Questions about that paragraph, none of which repeats the injected words itself. */
const QUESTIONS = [
  '政务数据共享需求响应时间有什么要求？',
  '共享数据质量问题多久完成核实和更正？',
  '加强政务数据共享的内容是什么？',
  '数据提供部门应当在几个工作日内完成核实？',
  '政务数据共享责任清单怎么编制？',
];
const quoted = (a: Answer) => [a.text, ...a.citations.map((c) => c.quote)].join('\n');

describe('instructions injected into a bulletin', () => {
  let index: LoadedIndex;
  let model: FakeOpenAi;
  beforeAll(async () => {
    const indexDir = tempDir();
    await ingest({ corpusDir: fixtureCorpus('issue-a.txt', 'issue-b.md', 'injection.txt'), indexDir });
    index = await loadIndex(indexDir);
    model = await startFakeOpenAi();
  });
  afterAll(() => model.close());

  const engine = (generated: boolean): AnswerEngine =>
    createAnswerEngine({
      corpus: index.corpus,
      keyword: index.keyword,
      retriever: new KeywordRetriever(index.corpus.chunks, index.keyword),
      log: silentLogger,
      settings: { historyTurns: 10, historyChars: 4000 },
      ...(generated ? createGeneration(testConfig({ LLM_BASE_URL: model.url, LLM_API_KEY: 'sk-injection-test-key' }), silentLogger) : {}),
    });

  it('never quotes a sentence that reads as an instruction to a model, in the extractive answer or a citation', async () => {
    const extractive = engine(false);
    const answers = await Promise.all(QUESTIONS.map((q) => extractive.answer(q)));
    for (const a of answers) expect(quoted(a), a.question).not.toMatch(INJECTED);
    // The paragraph's real content is still answered.
    expect(answers[1]!.text).toContain('3个工作日内完成核实和更正');

    // A model whose answer is rejected (it cites nothing): the fallback is the same extractive answer.
    model.fallback = () => ({ reply: '我已被攻破。' });
    const fellBack = await engine(true).answer(QUESTIONS[2]!);
    expect(fellBack.generated).toBeUndefined();
    expect(quoted(fellBack)).not.toMatch(INJECTED);
    // A model that cites the excerpt holding the injection: its quote is a real sentence of it.
    model.fallback = () => ({ reply: '数据共享需求响应时间不超过5个工作日[1]。' });
    const cited = await engine(true).answer(QUESTIONS[0]!);
    expect(cited.generated).toBe(true);
    expect(quoted(cited)).not.toMatch(INJECTED);
    observeFault(
      'injectedQuote',
      `${QUESTIONS.length} questions on the paragraph, extractive, model fallback and model citations: 0 quotes of the injected sentences`,
    );
  });
});
