import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTelegram, type RunningTelegram } from '../../../src/channels/telegram/run.js';
import { createLogger } from '../../../src/util/log.js';
import { generatingEngineFor } from '../../helpers/engine.js';
import { fixtureCorpus } from '../../helpers/paths.js';
import { testConfig } from '../../helpers/config.js';
import { FakeTelegram } from '../../helpers/fake-telegram.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../helpers/fake-openai.js';
import { advanceUntilSettled, useFakeClock } from '../../helpers/fake-clock.js';
import { UNTHROTTLED } from '../../helpers/service.js';

describe('Telegram with a streaming language model', () => {
  let api: FakeTelegram;
  let llm: FakeOpenAi;
  let running: RunningTelegram;

  beforeAll(async () => {
    api = await new FakeTelegram().start();
    llm = await startFakeOpenAi();
    const config = testConfig({
      TELEGRAM_BOT_TOKEN: '123456:stream-TEST',
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_EDIT_INTERVAL_MS: '300',
      LLM_BASE_URL: llm.url,
      LLM_API_KEY: 'sk-stream-test-key',
    });
    const log = createLogger('silent');
    const engine = await generatingEngineFor(fixtureCorpus('issue-a.txt'), config, log);
    running = await startTelegram(config, { engine, log }, UNTHROTTLED);
  });
  afterEach(() => vi.useRealTimers());
  afterAll(async () => {
    await running.stop();
    await api.close();
    await llm.close();
  });

  it('edits the reply as the text streams, at most once per interval, and always finishes it', async () => {
    // Three sentences: only checked sentences are shown while the answer streams, so the edits come a sentence at a time.
    const reply = '全国量子计算相关企业数量达到318家[1]。这些企业主要集聚在长三角、京津冀和粤港澳大湾区[1]。三地企业合计占比约为76%[1]。';
    // Streamed over ~2.5 s on a fake clock: the edit interval is measured in fake milliseconds.
    useFakeClock();
    llm.script({ reply, chunk: 2, chunkDelayMs: 60 });
    api.push(api.textMessage('全国量子计算相关企业有多少家？'));
    await advanceUntilSettled(
      api.waitFor((calls) => calls.some((c) => c.method === 'editMessageText' && String(c.payload.text).includes('来源')), 15_000),
    );
    const draft = api.sent()[0]!;
    expect(String(draft.text).endsWith(' …')).toBe(true);
    const edits = api.sent('editMessageText');
    const final = edits.at(-1)!;
    expect(final.parse_mode).toBe('HTML');
    expect(final.text).toContain(reply);
    expect(final.text).toContain('[1] 2031年第9期（总第301期）第17–19页');
    const row = (final.reply_markup as { inline_keyboard: Array<Array<{ text: string }>> }).inline_keyboard[0]!;
    expect(row.map((b) => b.text)).toEqual(['查看来源', '👍', '👎']);
    // ~2.5 s of streaming at one edit per 300 ms at most, plus the final edit.
    expect(edits.length).toBeLessThanOrEqual(Math.ceil(((reply.length / 2) * 60) / 300) + 2);
    expect(edits.length).toBeGreaterThan(2); // it was shown as it was written, not only at the end
    expect(api.sent()).toHaveLength(1);
  });
});
