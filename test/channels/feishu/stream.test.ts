import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFeishu, type RunningFeishu } from '../../../src/channels/feishu/run.js';
import { createLogger } from '../../../src/util/log.js';
import { generatingEngineFor } from '../../helpers/engine.js';
import { fixtureCorpus, tempDir } from '../../helpers/paths.js';
import { testConfig } from '../../helpers/config.js';
import { FakeFeishu, deliver, messageEvent } from '../../helpers/fake-feishu.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../helpers/fake-openai.js';
import { advanceUntilSettled, useFakeClock } from '../../helpers/fake-clock.js';

describe('Feishu with a streaming language model', () => {
  let api: FakeFeishu;
  let llm: FakeOpenAi;
  let running: RunningFeishu;

  beforeAll(async () => {
    api = await new FakeFeishu().start();
    llm = await startFakeOpenAi();
    const config = testConfig({
      FEISHU_APP_ID: 'cli_s',
      FEISHU_APP_SECRET: 'secret-s',
      FEISHU_DOMAIN: api.url,
      FEISHU_MODE: 'webhook',
      FEISHU_WEBHOOK_HOST: '127.0.0.1',
      FEISHU_WEBHOOK_PORT: '0',
      FEISHU_VERIFICATION_TOKEN: 'tok',
      FEISHU_ENCRYPT_KEY: 'key-s',
      FEISHU_UPDATE_INTERVAL_MS: '300',
      STATE_DIR: tempDir(),
      LLM_BASE_URL: llm.url,
      LLM_API_KEY: 'sk-feishu-stream',
    });
    const log = createLogger('silent');
    const engine = await generatingEngineFor(fixtureCorpus('issue-a.txt'), config, log);
    running = await startFeishu(config, { engine, log });
  });
  afterEach(() => vi.useRealTimers());
  afterAll(async () => {
    await running.stop();
    await api.close();
    await llm.close();
  });

  it('updates the card at a bounded rate while the answer streams, and finishes it with the sources', async () => {
    // Three sentences: only checked sentences are shown while the answer streams, so the edits come a sentence at a time.
    const reply = '全国量子计算相关企业数量达到318家[1]。这些企业主要集聚在长三角、京津冀和粤港澳大湾区[1]。三地企业合计占比约为76%[1]。';
    // Streamed over ~2.5 s on a fake clock: the edit interval is measured in fake milliseconds.
    useFakeClock();
    llm.script({ reply, chunk: 2, chunkDelayMs: 60 });
    const { headers, payload } = deliver(messageEvent({ text: '全国量子计算相关企业有多少家？', messageId: 'om_s1' }, 'tok'), 'key-s');
    expect((await fetch(`http://127.0.0.1:${running.port}/feishu/events`, { method: 'POST', headers, body: payload })).status).toBe(200);
    await advanceUntilSettled(
      api.waitFor(() => api.patches().some((p) => JSON.stringify(p.content).includes('collapsible_panel')), 15_000),
    );
    expect(api.replies()).toHaveLength(1);
    const patches = api.patches();
    expect(patches.every((p) => p.id === 'om_bot_1')).toBe(true);
    expect(patches.length).toBeLessThanOrEqual(Math.ceil(((reply.length / 2) * 60) / 300) + 2);
    expect(patches.length).toBeGreaterThan(2); // it was shown as it was written, not only at the end
    const final = JSON.stringify(patches.at(-1)!.content);
    expect(final).toContain('318家');
    expect(final).toContain('2031年第9期（总第301期）第17–19页');
  });
});
