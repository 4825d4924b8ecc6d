import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type Service } from '../../src/server/service.js';
import { createLogger } from '../../src/util/log.js';
import { testConfig } from '../helpers/config.js';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { fixtureCorpus, tempDir } from '../helpers/paths.js';
import { observeFault } from './faults.js';

/** A model answer with one true sentence and three faults: an invented figure, a marker of no excerpt, a link of its own. */
const REPLY = [
  '全国量子计算相关企业数量达到318家[1]。',
  '对未按要求报送数据的企业罚款600万元[1]。',
  '另有规定，相关申报须在10天内完成[9]。',
  '完整名单请访问 https://quantum-list.example.com/2031 查看[1]。',
].join('');

describe('a model that invents, through serve and Telegram', () => {
  let api: FakeTelegram;
  let llm: FakeOpenAi;
  let service: Service;
  const logs: string[] = [];

  beforeAll(async () => {
    api = await new FakeTelegram().start();
    llm = await startFakeOpenAi();
    llm.fallback = (req) =>
      req.body.messages.at(-1)!.content.includes('<history>')
        ? { reply: '全国量子计算相关企业有多少家？' }
        : { reply: REPLY, chunk: 5, chunkDelayMs: 40 };
    service = await startService(
      testConfig({
        TELEGRAM_BOT_TOKEN: '123456:MODEL-faults-token',
        TELEGRAM_API_ROOT: api.url,
        TELEGRAM_EDIT_INTERVAL_MS: '300',
        BULLETINS_DIR: fixtureCorpus('issue-a.txt', 'issue-b.md'),
        INDEX_DIR: tempDir('index-'),
        STATE_DIR: tempDir('state-'),
        HEALTH_PORT: '0',
        HEALTH_HOST: '127.0.0.1',
        RETRIEVAL_MODE: 'keyword',
        LLM_BASE_URL: llm.url,
        LLM_API_KEY: 'sk-MODEL-faults-key-0123456789',
      }),
      createLogger('info', (l) => logs.push(l), 'json'),
    );
  });
  afterAll(async () => {
    await service.stop();
    await api.close();
    await llm.close();
  });

  it('a model that invents a figure, cites an excerpt that does not exist and adds a link: none of the three reaches the user', async () => {
    api.push(api.textMessage('全国量子计算相关企业有多少家？', 7));
    const final = () => [...api.sent(), ...api.sent('editMessageText')].some((p) => p.chat_id === 7 && String(p.text).includes('来源'));
    await api.waitFor(final, 30_000);
    await new Promise((r) => setTimeout(r, 500));
    // Everything the user was shown: the first message, every edit of it while the answer streamed, the final answer.
    const shown = api.calls
      .filter((c) => ['sendMessage', 'editMessageText'].includes(c.method) && c.payload.chat_id === 7)
      .map((c) => c.payload);
    const texts = shown.map((p) => String(p.text));
    expect(texts.join('\n')).toContain('318家');
    for (const fault of ['600万元', '10天', 'quantum-list.example.com', '[9]']) expect(texts.join('\n'), fault).not.toContain(fault);
    expect(shown.every((p) => JSON.stringify(p.link_preview_options) === '{"is_disabled":true}')).toBe(true);
    const removed = logs.find((l) => l.includes('parts that failed the check were removed'));
    expect(removed).toBeDefined();
    const edits = shown.filter((p) => p.message_id !== undefined).length;
    observeFault(
      'modelFigures',
      `${shown.length} messages and edits shown (${edits} edits while streaming): the true sentence only; 600万元, [9] and the link in none; previews off in all ${shown.length}`,
    );
  });
});
