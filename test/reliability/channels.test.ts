import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type Service } from '../../src/server/service.js';
import { createLogger } from '../../src/util/log.js';
import { fixtureCorpus, tempDir } from '../helpers/paths.js';
import { testConfig } from '../helpers/config.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { FakeFeishu, deliver, messageEvent } from '../helpers/fake-feishu.js';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { deliveryCounts, memoryPeak, percentile, record } from './figures.js';
import { logMessage } from '../helpers/json.js';

const SECRETS = {
  tg: '123456:BURST-secret-token',
  feishu: 'feishu-BURST-secret',
  key: 'encrypt-BURST-key',
  llm: 'sk-BURST-llm-key-0123456789',
};
const QUESTIONS = [
  '全国量子计算相关企业有多少家？',
  '星海市低空物流航线每架次补贴多少？',
  '1-2月软件业务收入是多少？',
  '苹果手机在欧洲卖多少钱？',
  '第10期有哪些文章？',
];

describe('bursts from Telegram and Feishu, with the language model failing', () => {
  let telegram: FakeTelegram;
  let feishu: FakeFeishu;
  let llm: FakeOpenAi;
  let service: Service;
  const logs: string[] = [];

  beforeAll(async () => {
    telegram = await new FakeTelegram().start();
    feishu = await new FakeFeishu().start();
    llm = await startFakeOpenAi();
    const config = testConfig({
      BULLETINS_DIR: fixtureCorpus('issue-a.txt', 'issue-b.md', 'injection.txt'),
      INDEX_DIR: tempDir(),
      HEALTH_PORT: '0',
      HEALTH_HOST: '127.0.0.1',
      TELEGRAM_BOT_TOKEN: SECRETS.tg,
      TELEGRAM_API_ROOT: telegram.url,
      TELEGRAM_RATE_LIMIT_PER_MINUTE: '1000',
      FEISHU_APP_ID: 'cli_burst',
      FEISHU_APP_SECRET: SECRETS.feishu,
      FEISHU_DOMAIN: feishu.url,
      FEISHU_MODE: 'webhook',
      FEISHU_WEBHOOK_HOST: '127.0.0.1',
      FEISHU_WEBHOOK_PORT: '0',
      FEISHU_VERIFICATION_TOKEN: 'tok',
      FEISHU_ENCRYPT_KEY: SECRETS.key,
      FEISHU_RATE_LIMIT_PER_MINUTE: '1000',
      STATE_DIR: tempDir(),
      LLM_BASE_URL: llm.url,
      LLM_API_KEY: SECRETS.llm,
      LLM_TIMEOUT_MS: '1000',
      LLM_MAX_RETRIES: '1',
      LLM_RETRY_MAX_WAIT_MS: '2000',
    });
    service = await startService(
      config,
      createLogger('info', (l) => logs.push(l), 'json'),
    );
  });
  afterAll(async () => {
    await service.stop();
    await telegram.close();
    await feishu.close();
    await llm.close();
  });

  /** Questions from `chats` private chats, `perChat` each; every chat must get exactly `perChat` replies. */
  async function telegramBurst(id: 'telegramHealthy' | 'telegramFailing' | 'telegramSlow', chats: number, perChat: number): Promise<void> {
    telegram.calls.length = 0;
    const answeredBefore = answeredLines('telegram').length;
    const errorsBefore = errorLines();
    const stop = memoryPeak();
    for (let c = 0; c < chats; c++)
      for (let k = 0; k < perChat; k++) telegram.push(telegram.textMessage(QUESTIONS[(c + k) % QUESTIONS.length]!, 1000 + c));
    const total = chats * perChat;
    await telegram.waitFor(() => telegram.sent().length >= total, 120_000).catch(() => {});
    await new Promise((r) => setTimeout(r, 500));
    // Replies in a private chat do not name the question: counted per chat.
    const got = new Map<number, number>();
    for (const p of telegram.sent()) got.set(p.chat_id as number, (got.get(p.chat_id as number) ?? 0) + 1);
    let lost = 0;
    let duplicates = 0;
    for (let c = 0; c < chats; c++) {
      const n = got.get(1000 + c) ?? 0;
      lost += Math.max(0, perChat - n);
      duplicates += Math.max(0, n - perChat);
    }
    const latencies = answeredLines('telegram')
      .slice(answeredBefore)
      .map((l) => l.totalMs);
    record(id, {
      messages: total,
      chats,
      errors: errorLines() - errorsBefore,
      lost,
      duplicates,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      peakRssMiB: stop(),
    });
    expect({ lost, duplicates }).toEqual({ lost: 0, duplicates: 0 });
  }

  const answeredLines = (channel: string) =>
    logs
      .map((l) => JSON.parse(l) as { msg: string; channel?: string; totalMs: number })
      .filter((l) => l.msg === 'answered' && l.channel === channel);
  /** Questions that failed (the user got the apology): error lines of the channels. */
  const errorLines = () => logs.filter((l) => l.includes('"level":"error"') && l.includes('handling a message failed')).length;

  it('Telegram: 100 questions from 20 chats at once, model healthy: one reply each', async () => {
    await telegramBurst('telegramHealthy', 20, 5);
  });

  it('Telegram: 60 questions with the model down (connection refused after 429s and 500s): one reply each', async () => {
    llm.fallback = () => ({ status: 500 });
    llm.script({ status: 429, headers: { 'retry-after': '1' } }, { status: 503 });
    await telegramBurst('telegramFailing', 12, 5);
    expect(logs.join('\n')).toContain('language model failed; answering with excerpts');
  });

  it('Telegram: 30 questions with the model slower than its timeout: one reply each', async () => {
    llm.fallback = () => ({ delayMs: 3000, then: { reply: '太慢了[1]' } });
    await telegramBurst('telegramSlow', 6, 5);
  });

  it('Feishu: 100 events from 20 chats plus 50 re-deliveries: one reply per message', async () => {
    llm.fallback = (req) => ({
      reply: `${/<excerpt id="1">\n出处：[^\n]*\n([^。]*。)/.exec(req.body.messages.at(-1)!.content)?.[1] ?? '无'}[1]`,
    });
    const port = feishuPort();
    const answeredBefore = answeredLines('feishu').length;
    const errorsBefore = errorLines();
    const stop = memoryPeak();
    const events = Array.from({ length: 100 }, (_, i) =>
      messageEvent({ text: QUESTIONS[i % QUESTIONS.length]!, messageId: `om_b${i}`, eventId: `ev_b${i}`, chatId: `oc_${i % 20}` }, 'tok'),
    );
    const deliveries = [...events, ...events.slice(0, 50)];
    const statuses = await Promise.all(
      deliveries.map(async (e) => {
        const { headers, payload } = deliver(e, SECRETS.key);
        return (await fetch(`http://127.0.0.1:${port}/feishu/events`, { method: 'POST', headers, body: payload })).status;
      }),
    );
    await feishu.waitFor(() => new Set(feishu.replies().map((r) => r.to)).size >= 100, 120_000).catch(() => {});
    await new Promise((r) => setTimeout(r, 500));
    const counts = deliveryCounts(
      events.map((_, i) => `om_b${i}`),
      feishu.replies().map((r) => r.to),
    );
    const latencies = answeredLines('feishu')
      .slice(answeredBefore)
      .map((l) => l.totalMs);
    record('feishuBurst', {
      messages: 100,
      chats: 20,
      errors: errorLines() - errorsBefore + statuses.filter((s) => s !== 200).length,
      ...counts,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      peakRssMiB: stop(),
      note: `${deliveries.length} deliveries`,
    });
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(counts).toEqual({ lost: 0, duplicates: 0 });
  });

  it('no secret in any reply or log, and the service is healthy afterwards', async () => {
    // The app secret goes to Feishu's token endpoint, as it must; it may appear nowhere else.
    const sentByBot = feishu.calls.filter((c) => !c.path.includes('/auth/'));
    const everything = [
      ...logs,
      ...telegram.calls.map((c) => JSON.stringify(c.payload)),
      ...sentByBot.map((c) => JSON.stringify(c.body)),
    ].join('\n');
    for (const s of Object.values(SECRETS)) expect(everything).not.toContain(s);
    const health = await fetch(`http://127.0.0.1:${service.healthPort}/healthz`);
    expect(health.status).toBe(200);
  });

  function feishuPort(): number {
    const line = logs.find((l) => l.includes('feishu: events on'))!;
    return Number(/:(\d+)\/feishu\/events/.exec(logMessage(line))![1]);
  }
});
