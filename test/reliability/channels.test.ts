import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type Service } from '../../src/server/service.js';
import { createLogger } from '../../src/util/log.js';
import { fixtureCorpus, tempDir } from '../helpers/paths.js';
import { testConfig } from '../helpers/config.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { FakeFeishu, deliver, messageEvent } from '../helpers/fake-feishu.js';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { memoryPeak, percentile, record } from './figures.js';

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

  async function telegramBurst(name: string, chats: number, perChat: number): Promise<void> {
    telegram.calls.length = 0;
    const stop = memoryPeak();
    const started = Date.now();
    for (let c = 0; c < chats; c++)
      for (let k = 0; k < perChat; k++) telegram.push(telegram.textMessage(QUESTIONS[(c + k) % QUESTIONS.length]!, 1000 + c));
    const total = chats * perChat;
    await telegram.waitFor(() => telegram.sent().length >= total, 120_000);
    await new Promise((r) => setTimeout(r, 300));
    const wall = Date.now() - started;
    const perChatCounts = new Map<number, number>();
    for (const p of telegram.sent()) perChatCounts.set(p.chat_id as number, (perChatCounts.get(p.chat_id as number) ?? 0) + 1);
    expect(telegram.sent()).toHaveLength(total);
    for (let c = 0; c < chats; c++) expect(perChatCounts.get(1000 + c)).toBe(perChat);
    const answered = logs
      .filter((l) => l.includes('"msg":"answered"') && l.includes('"channel":"telegram"'))
      .slice(-total)
      .map((l) => JSON.parse(l).totalMs as number);
    record(name, {
      questions: total,
      chats,
      replies: telegram.sent().length,
      lost: 0,
      duplicates: 0,
      p50Ms: percentile(answered, 50),
      p95Ms: percentile(answered, 95),
      wallMs: wall,
      peakRssMiB: stop(),
    });
  }

  it('Telegram: 100 questions from 20 chats at once, model healthy: one reply each', async () => {
    await telegramBurst('telegram burst, model healthy', 20, 5);
  });

  it('Telegram: 60 questions with the model down (connection refused after 429s and 500s): one reply each', async () => {
    llm.fallback = () => ({ status: 500 });
    llm.script({ status: 429, headers: { 'retry-after': '1' } }, { status: 503 });
    await telegramBurst('telegram burst, model answering 5xx/429', 12, 5);
    expect(logs.join('\n')).toContain('language model failed; answering with excerpts');
  });

  it('Telegram: 30 questions with the model slower than its timeout: one reply each', async () => {
    llm.fallback = () => ({ delayMs: 3000, then: { reply: '太慢了[1]' } });
    await telegramBurst('telegram burst, model slow (timeout 1 s)', 6, 5);
  });

  it('Feishu: 100 events from 20 chats plus 50 re-deliveries: one reply per message', async () => {
    llm.fallback = (req) => ({
      reply: `${/<excerpt id="1">\n出处：[^\n]*\n([^。]*。)/.exec(req.body.messages.at(-1)!.content)?.[1] ?? '无'}[1]`,
    });
    const port = feishuPort();
    const stop = memoryPeak();
    const started = Date.now();
    const events = Array.from({ length: 100 }, (_, i) =>
      messageEvent({ text: QUESTIONS[i % QUESTIONS.length]!, messageId: `om_b${i}`, eventId: `ev_b${i}` }, 'tok'),
    );
    for (const e of events) (e.event as { message: { chat_id: string } }).message.chat_id = `oc_${events.indexOf(e) % 20}`;
    const deliveries = [...events, ...events.slice(0, 50)];
    const statuses = await Promise.all(
      deliveries.map(async (e) => {
        const { headers, payload } = deliver(e, SECRETS.key);
        return (await fetch(`http://127.0.0.1:${port}/feishu/events`, { method: 'POST', headers, body: payload })).status;
      }),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    await feishu.waitFor(() => new Set(feishu.replies().map((r) => r.to)).size >= 100, 120_000);
    await new Promise((r) => setTimeout(r, 500));
    const replies = feishu.replies();
    const perMessage = new Map<string, number>();
    for (const r of replies) perMessage.set(r.to, (perMessage.get(r.to) ?? 0) + 1);
    expect(perMessage.size).toBe(100);
    expect([...perMessage.values()].every((n) => n === 1)).toBe(true);
    const answered = logs
      .filter((l) => l.includes('"msg":"answered"') && l.includes('"channel":"feishu"'))
      .map((l) => JSON.parse(l).totalMs as number);
    record('feishu burst with 50% re-deliveries, model healthy', {
      deliveries: deliveries.length,
      messages: 100,
      replies: replies.length,
      lost: 0,
      duplicates: 0,
      p50Ms: percentile(answered, 50),
      p95Ms: percentile(answered, 95),
      wallMs: Date.now() - started,
      peakRssMiB: stop(),
    });
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
    return Number(/:(\d+)\/feishu\/events/.exec(JSON.parse(line).msg)![1]);
  }
});
