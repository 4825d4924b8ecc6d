import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer } from 'node:net';
import type { AnswerEngine } from '../../../src/answer/engine.js';
import { startTelegram, type RunningTelegram } from '../../../src/channels/telegram/run.js';
import { createLogger } from '../../../src/util/log.js';
import { engineFor } from '../../helpers/engine.js';
import { fixtureCorpus } from '../../helpers/paths.js';
import { testConfig } from '../../helpers/config.js';
import { FakeTelegram } from '../../helpers/fake-telegram.js';
import { UNTHROTTLED } from '../../helpers/service.js';
import { advanceUntilSettled, STEP_MS, useFakeClock } from '../../helpers/fake-clock.js';

const TOKEN = '123456:TEST-token_SECRET';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('Telegram bot against a fake Bot API server', () => {
  let engine: AnswerEngine;
  let api: FakeTelegram;
  let running: RunningTelegram | null = null;
  let logs: string[] = [];

  beforeAll(async () => {
    engine = await engineFor(fixtureCorpus('issue-a.txt', 'issue-b.md'));
  });
  afterEach(async () => {
    vi.useRealTimers();
    await running?.stop();
    running = null;
    await api?.close();
  });

  async function start(env: Record<string, string> = {}, eng: AnswerEngine = engine): Promise<void> {
    api = await new FakeTelegram().start();
    logs = [];
    const config = testConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.url, ...env });
    running = await startTelegram(config, { engine: eng, log: createLogger('debug', (l) => logs.push(l)) }, UNTHROTTLED);
  }

  const QUESTION = '全国量子计算相关企业有多少家？';

  it('answers a private message through long polling, with citation, typing and the 查看来源 button', async () => {
    await start();
    api.push(api.textMessage(QUESTION));
    await api.waitFor(() => api.sent().length >= 1);
    const [reply] = api.sent();
    expect(reply!.chat_id).toBe(42);
    expect(reply!.parse_mode).toBe('HTML');
    expect(reply!.text).toContain('318家');
    expect(reply!.text).toContain('2031年第9期（总第301期）第17–19页');
    const button = (reply!.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> })
      .inline_keyboard[0]![0]!;
    expect(button.text).toBe('查看来源');
    expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(64);
    expect(api.sent('sendChatAction')[0]).toMatchObject({ chat_id: 42, action: 'typing' });

    api.push({
      callback_query: {
        id: 'cb1',
        from: { id: 42, is_bot: false, first_name: 'U' },
        chat_instance: 'x',
        message: { message_id: 1, date: 0, chat: { id: 42, type: 'private' }, text: 'x' },
        data: button.callback_data,
      },
    });
    await api.waitFor(() => api.sent().length >= 2);
    expect(api.sent('answerCallbackQuery')).toHaveLength(1);
    expect(api.sent()[1]!.text).toContain('<blockquote>');
    expect(api.sent()[1]!.text).toContain('318家');
  });

  it('shows a 查看来源 button’s sources only in the chat its answer went to', async () => {
    await start();
    api.push(api.textMessage(QUESTION, 42));
    await api.waitFor(() => api.sent().length >= 1);
    const data = (api.sent()[0]!.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> }).inline_keyboard[0]![0]!
      .callback_data;
    const press = (id: string, chat: number) =>
      api.push({
        callback_query: {
          id,
          from: { id: chat, is_bot: false, first_name: 'U' },
          chat_instance: 'x',
          message: { message_id: 1, date: 0, chat: { id: chat, type: 'private' }, text: 'x' },
          data,
        },
      });
    press('cb-elsewhere', 43);
    await api.waitFor(() => api.sent('answerCallbackQuery').length >= 1);
    expect(api.sent('answerCallbackQuery')[0]).toMatchObject({
      callback_query_id: 'cb-elsewhere',
      text: '这个回答的来源已过期，请重新提问。',
    });
    press('cb-here', 42);
    await api.waitFor(() => api.sent().length >= 2);
    // The press in chat 43 was answered with its toast above; nothing else was to come of it.
    expect(api.sent().filter((p) => p.chat_id === 43)).toHaveLength(0);
    expect(api.sent()[1]).toMatchObject({ chat_id: 42 });
    expect(api.sent()[1]!.text).toContain('<blockquote>');
  });

  it('never answers a bot, itself included', async () => {
    await start();
    const fromBot = (id: number, text: string) => {
      const m = api.textMessage(text, id);
      (m.message.from as { is_bot: boolean }).is_bot = true;
      return m;
    };
    api.push(fromBot(api.bot.id, QUESTION));
    api.push(fromBot(999, QUESTION));
    api.push(api.textMessage('/help', 42, { id: 42, type: 'private' }, { entities: [{ type: 'bot_command', offset: 0, length: 5 }] }));
    await api.waitFor(() => api.sent().length >= 1);
    expect(await running!.idle(5000)).toBe(true);
    expect(api.sent().map((p) => p.chat_id)).toEqual([42]);
  });

  it('registers the command menu in Chinese, and in English for English-language users', async () => {
    await start();
    const menus = api.sent('setMyCommands');
    expect(menus).toHaveLength(2);
    expect(menus[0]!.language_code).toBeUndefined();
    expect(JSON.stringify(menus[0]!.commands)).toContain('上一个回答的来源');
    expect(menus[1]).toMatchObject({ language_code: 'en' });
    expect((menus[1]!.commands as Array<{ command: string }>).map((c) => c.command)).toEqual([
      'help',
      'sources',
      'issues',
      'reset',
      'subscribe',
      'unsubscribe',
    ]);
  });

  it('runs the commands', async () => {
    await start();
    for (const text of ['/start', '/issues', '/sources', '/reset'])
      api.push(
        api.textMessage(text, 42, { id: 42, type: 'private' }, { entities: [{ type: 'bot_command', offset: 0, length: text.length }] }),
      );
    await api.waitFor(() => api.sent().length >= 4);
    const texts = api.sent().map((p) => String(p.text));
    expect(texts[0]).toContain('可以这样问');
    expect(texts[1]).toContain('已收录2期');
    expect(texts[2]).toBe('还没有回答过问题，暂无来源。');
    expect(texts[3]).toContain('对话已清空');
  });

  it('sends the same text as plain text when Telegram rejects the formatting', async () => {
    await start();
    api.rejectHtml = true;
    api.push(api.textMessage(QUESTION));
    await api.waitFor(() => api.sent().some((p) => p.parse_mode === undefined));
    const [html, plain] = api.sent();
    expect(html!.parse_mode).toBe('HTML');
    expect(plain!.parse_mode).toBeUndefined();
    expect(plain!.text).toContain('318家');
    expect(plain!.text).not.toContain('<b>');
  });

  it('honours retry_after on a 429 and delivers the reply once', async () => {
    await start();
    api.floodOnce.set('sendMessage', 1);
    useFakeClock();
    api.push(api.textMessage(QUESTION));
    await advanceUntilSettled(api.waitFor(() => api.calls.filter((c) => c.method === 'sendMessage').length >= 2));
    const [refused, retried] = api.calls.filter((c) => c.method === 'sendMessage').map((c) => c.at) as [number, number];
    expect(retried - refused).toBeGreaterThanOrEqual(1000 - STEP_MS);
    expect(await advanceUntilSettled(running!.idle(5000))).toBe(true);
    expect(api.sent()).toHaveLength(2); // the 429'd call and its successful retry
  });

  it('ignores duplicate updates, users outside the allowlist, and rate-limits politely', async () => {
    await start({ TELEGRAM_ALLOWED_USERS: '42, 43', TELEGRAM_RATE_LIMIT_PER_MINUTE: '2' });
    const first = api.push(api.textMessage(QUESTION));
    api.push({ message: first.message }, first.update_id + 0); // the same update again
    await api.waitFor(() => api.sent().length >= 1);
    api.push(api.textMessage(QUESTION, 99));
    await api.waitFor(() => api.sent().some((p) => p.chat_id === 99));
    expect(api.sent().find((p) => p.chat_id === 99)!.text).toContain('只对指定用户开放');
    api.push(api.textMessage('1-2月软件业务收入是多少？', 43));
    api.push(api.textMessage('1-2月软件业务收入是多少？', 43));
    api.push(api.textMessage('1-2月软件业务收入是多少？', 43));
    await api.waitFor(() => api.sent().filter((p) => p.chat_id === 43).length >= 3);
    const to43 = api
      .sent()
      .filter((p) => p.chat_id === 43)
      .map((p) => String(p.text));
    expect(to43.filter((t) => t.includes('提问有点频繁'))).toHaveLength(1);
    expect(api.sent().filter((p) => p.chat_id === 42)).toHaveLength(1);
  });

  it('in groups answers only when mentioned or replied to', async () => {
    await start();
    const group = { id: -100, type: 'supergroup', title: 'G' };
    api.push(api.textMessage(QUESTION, 42, group));
    const text = `@bulletin_qa_bot ${QUESTION}`;
    api.push(api.textMessage(text, 42, group, { entities: [{ type: 'mention', offset: 0, length: 16 }] }));
    await api.waitFor(() => api.sent().length >= 1);
    expect(await running!.idle(5000)).toBe(true);
    expect(api.sent()).toHaveLength(1);
    expect(api.sent()[0]!.reply_parameters).toMatchObject({ message_id: expect.any(Number) as number });
    expect(api.sent()[0]!.text).toContain('318家');
  });

  it('explains once that it reads text only, refuses an over-long question politely, and survives a failing answer', async () => {
    const failing: AnswerEngine = {
      ...engine,
      ask: () => {
        throw new Error('boom');
      },
      answer: () => Promise.reject(new Error('boom')),
    };
    await start({}, failing);
    api.push({
      message: {
        message_id: 5,
        date: 0,
        chat: { id: 42, type: 'private' },
        from: { id: 42, is_bot: false, first_name: 'U' },
        sticker: { file_id: 'x', file_unique_id: 'y', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false },
      },
    });
    api.push(api.textMessage(QUESTION));
    await api.waitFor(() => api.sent().length >= 2);
    expect(api.sent()[0]!.text).toBe('我只能回答文字提问，请直接输入你的问题。');
    expect(api.sent()[1]!.text).toBe('抱歉，回答这个问题时出了点问题，请稍后再试。');
    expect(logs.join('\n')).toContain('boom');
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  it('refuses an over-long question with one sentence', async () => {
    await start();
    api.push(api.textMessage('数'.repeat(600)));
    await api.waitFor(() => api.sent().length >= 1);
    expect(api.sent()[0]!.text).toContain('问题太长了');
  });

  it('takes updates by webhook only with the right secret token', async () => {
    const port = await freePort();
    await start({
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: 'right-secret',
      TELEGRAM_WEBHOOK_HOST: '127.0.0.1',
      TELEGRAM_WEBHOOK_PORT: String(port),
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.invalid/telegram/webhook',
    });
    expect(api.sent('setWebhook')[0]).toMatchObject({ url: 'https://bot.example.invalid/telegram/webhook', secret_token: 'right-secret' });
    const post = (secret: string, id: number) =>
      fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify({ update_id: id, ...api.textMessage(QUESTION) }),
      });
    expect((await post('wrong-secret', 1)).status).toBe(401);
    expect((await post('right-secret', 2)).status).toBe(200);
    await api.waitFor(() => api.sent().length >= 1);
    expect(await running!.idle(5000)).toBe(true);
    expect(api.sent()).toHaveLength(1);
    expect(api.sent()[0]!.text).toContain('318家');
  });
});
