import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AnswerEngine } from '../../../src/answer/engine.js';
import { startFeishu, type RunningFeishu } from '../../../src/channels/feishu/run.js';
import { createLogger } from '../../../src/util/log.js';
import { engineFor } from '../../helpers/engine.js';
import { fixtureCorpus, tempDir } from '../../helpers/paths.js';
import { testConfig } from '../../helpers/config.js';
import { FakeFeishu, deliver, messageEvent, type EventOptions } from '../../helpers/fake-feishu.js';
import { advanceUntilSettled, useFakeClock } from '../../helpers/fake-clock.js';

const TOKEN = 'verify-token-123';
const KEY = 'encrypt-key-SECRET-456';
const APP_SECRET = 'app-secret-SECRET-789';

describe('Feishu bot: webhook events against a fake Feishu Open API', () => {
  let engine: AnswerEngine;
  let api: FakeFeishu;
  let running: RunningFeishu | null = null;
  let logs: string[] = [];
  let stateDir: string;

  beforeAll(async () => {
    engine = await engineFor(fixtureCorpus('issue-a.txt', 'issue-b.md'));
  });
  afterEach(async () => {
    vi.useRealTimers();
    await running?.stop();
    running = null;
    await api?.close();
  });

  async function start(env: Record<string, string> = {}, keepState = false): Promise<void> {
    if (!keepState) stateDir = tempDir();
    logs = [];
    const config = testConfig({
      FEISHU_APP_ID: 'cli_test',
      FEISHU_APP_SECRET: APP_SECRET,
      FEISHU_DOMAIN: api.url,
      FEISHU_MODE: 'webhook',
      FEISHU_WEBHOOK_HOST: '127.0.0.1',
      FEISHU_WEBHOOK_PORT: '0',
      FEISHU_VERIFICATION_TOKEN: TOKEN,
      FEISHU_ENCRYPT_KEY: KEY,
      STATE_DIR: stateDir,
      ...env,
    });
    running = await startFeishu(config, { engine, log: createLogger('debug', (l) => logs.push(l)) });
  }

  async function post(body: unknown, options: Parameters<typeof deliver>[2] = {}): Promise<Response> {
    const { headers, payload } = deliver(body, KEY, options);
    return fetch(`http://127.0.0.1:${running!.port}/feishu/events`, { method: 'POST', headers, body: payload });
  }
  const event = (o: EventOptions) => messageEvent(o, TOKEN);
  const QUESTION = '全国量子计算相关企业有多少家？';
  const atBot = { key: '@_user_1', open_id: 'ou_bot_0001', name: 'Bulletin' };

  it('answers a signed, encrypted group event that @mentions the bot with exactly one card', async () => {
    api = await new FakeFeishu().start();
    await start();
    const res = await post(event({ text: `@_user_1 ${QUESTION}`, chatType: 'group', messageId: 'om_q1', mentions: [atBot] }));
    expect(res.status).toBe(200);
    await api.waitFor(() => api.replies().length >= 1);
    expect(await running!.idle(5000)).toBe(true); // whatever was taken has been answered
    const replies = api.replies();
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ to: 'om_q1', msgType: 'interactive' });
    const card = JSON.stringify(replies[0]!.content);
    expect(card).toContain('318家');
    expect(card).toContain('2031年第9期（总第301期）第17–19页');
    expect(card).toContain('collapsible_panel');
    expect(api.calls[0]!.path).toBe('/open-apis/auth/v3/tenant_access_token/internal');
  });

  it('replies once to the same event delivered three times, concurrently, later and after a restart', async () => {
    api = await new FakeFeishu().start();
    await start();
    const e = event({ text: QUESTION, messageId: 'om_dup', eventId: 'ev_dup' });
    const statuses = await Promise.all([post(e), post(e), post(e)].map(async (p) => (await p).status));
    expect(statuses).toEqual([200, 200, 200]);
    await api.waitFor(() => api.replies().length >= 1);
    expect((await post(e)).status).toBe(200);
    await running!.stop();
    running = null;
    await start({}, true);
    expect((await post(e)).status).toBe(200);
    expect(await running!.idle(5000)).toBe(true); // whatever was taken has been answered
    expect(api.replies()).toHaveLength(1);
  });

  it('drops a re-delivery of a message sent more than 8 hours ago, which de-duplication no longer remembers', async () => {
    api = await new FakeFeishu().start();
    await start();
    const hour = 3600_000;
    await post(event({ text: QUESTION, messageId: 'om_old', eventId: 'ev_retry_9h', createTime: Date.now() - 9 * hour }));
    await post(event({ text: QUESTION, messageId: 'om_recent', createTime: Date.now() - 1 * hour }));
    await api.waitFor(() => api.replies().length >= 1);
    expect(await running!.idle(5000)).toBe(true); // whatever was taken has been answered
    expect(api.replies().map((r) => r.to)).toEqual(['om_recent']);
    expect(logs.join('\n')).toMatch(/rejected: stale message/);
  });

  it('answers every text message in a private chat, and nothing in a group without its mention or with @_all', async () => {
    api = await new FakeFeishu().start();
    await start();
    await post(event({ text: QUESTION, chatType: 'group', messageId: 'om_g1' }));
    await post(
      event({
        text: `@_all ${QUESTION}`,
        chatType: 'group',
        messageId: 'om_g2',
        mentions: [{ key: '@_all', open_id: '', name: '所有人' }],
      }),
    );
    await post(
      event({
        text: `@_user_1 ${QUESTION}`,
        chatType: 'group',
        messageId: 'om_g3',
        mentions: [{ key: '@_user_1', open_id: 'ou_someone_else' }],
      }),
    );
    await post(event({ text: QUESTION, chatType: 'p2p', messageId: 'om_p1' }));
    await api.waitFor(() => api.replies().length >= 1);
    expect(await running!.idle(5000)).toBe(true); // whatever was taken has been answered
    expect(api.replies().map((r) => r.to)).toEqual(['om_p1']);
  });

  it('rejects a bad signature and a stale timestamp, and answers neither', async () => {
    api = await new FakeFeishu().start();
    await start();
    expect((await post(event({ text: QUESTION }), { badSignature: true })).status).toBe(401);
    expect((await post(event({ text: QUESTION }), { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
    expect(await running!.idle(5000)).toBe(true); // whatever was taken has been answered
    expect(api.replies()).toHaveLength(0);
    expect(logs.join('\n')).toMatch(/rejected: bad signature[\s\S]*rejected: stale timestamp/);
  });

  it('answers the URL challenge with the right token only', async () => {
    api = await new FakeFeishu().start();
    await start();
    const ok = await post({ challenge: 'ch-1', token: TOKEN, type: 'url_verification' });
    expect(await ok.json()).toEqual({ challenge: 'ch-1' });
    expect((await post({ challenge: 'ch-2', token: 'wrong', type: 'url_verification' })).status).toBe(401);
  });

  it('replies in the thread, reads rich text, and explains other types once', async () => {
    api = await new FakeFeishu().start();
    await start();
    const post_ = {
      zh_cn: {
        title: '',
        content: [
          [
            { tag: 'text', text: '全国量子计算相关企业' },
            { tag: 'text', text: '有多少家？' },
          ],
        ],
      },
    };
    await post(event({ text: '', messageType: 'post', content: JSON.stringify(post_), messageId: 'om_post', threadId: 'omt_1' }));
    await post(event({ text: '', messageType: 'image', content: JSON.stringify({ image_key: 'img' }), messageId: 'om_img' }));
    await api.waitFor(() => api.replies().length >= 2);
    const byTarget = Object.fromEntries(api.replies().map((r) => [r.to, r]));
    expect(byTarget.om_post!.inThread).toBe(true);
    expect(JSON.stringify(byTarget.om_post!.content)).toContain('318家');
    expect(byTarget.om_img).toMatchObject({ msgType: 'text', content: { text: '我只能回答文字提问，请直接输入你的问题。' } });
  });

  it('answers a signed private post with malformed content with one polite sentence', async () => {
    api = await new FakeFeishu().start();
    await start();
    const bad = event({ text: '', messageType: 'post', content: JSON.stringify({ content: [1, 2, 'x'] }), messageId: 'om_badpost' });
    expect((await post(bad)).status).toBe(200);
    await api.waitFor(() => api.replies().length >= 1);
    expect(await running!.idle(5000)).toBe(true); // whatever was taken has been answered
    expect(api.replies()).toEqual([
      { to: 'om_badpost', msgType: 'text', content: { text: '我只能回答文字提问，请直接输入你的问题。' }, inThread: false },
    ]);
    expect(running!.health().rejected).toMatchObject({ 'malformed message content (answered as unsupported)': 1 });
  });

  it('answers no message sent by itself or another bot', async () => {
    api = await new FakeFeishu().start();
    await start();
    const self = { openId: api.botOpenId, type: 'app' } as const;
    await post(event({ text: QUESTION, messageId: 'om_self', sender: self }));
    await post(event({ text: `@_user_1 ${QUESTION}`, chatType: 'group', messageId: 'om_self_group', mentions: [atBot], sender: self }));
    await post(event({ text: QUESTION, messageId: 'om_other_bot', sender: { openId: 'ou_other_bot', type: 'app' } }));
    await post(event({ text: QUESTION, messageId: 'om_user' }));
    await api.waitFor(() => api.replies().length >= 1);
    expect(await running!.idle(5000)).toBe(true); // whatever was taken has been answered
    expect(api.replies().map((r) => r.to)).toEqual(['om_user']);
    expect(running!.health().rejected).toMatchObject({ 'message from a bot': 3 });
  });

  it('answers the unsigned URL check only; other unsigned requests are refused after at most 4 KB, with no misleading hint', async () => {
    api = await new FakeFeishu().start();
    await start();
    const unsigned = (body: unknown) => {
      const { payload } = deliver(body, KEY);
      return fetch(`http://127.0.0.1:${running!.port}/feishu/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload,
      });
    };
    const check = await unsigned({ challenge: 'ch-unsigned', token: TOKEN, type: 'url_verification' });
    expect(await check.json()).toEqual({ challenge: 'ch-unsigned' });
    expect((await unsigned({ challenge: 'ch', token: 'wrong', type: 'url_verification' })).status).toBe(401);
    expect((await unsigned(event({ text: QUESTION, messageId: 'om_unsigned' }))).status).toBe(401);
    const large = await fetch(`http://127.0.0.1:${running!.port}/feishu/events`, {
      method: 'POST',
      body: JSON.stringify({ encrypt: 'A'.repeat(8192) }),
    });
    expect(large.status).toBe(413);
    expect(await running!.idle(5000)).toBe(true); // whatever was taken has been answered
    expect(api.replies()).toHaveLength(0);
    expect(logs.join('\n')).not.toMatch(/ENCRYPT_KEY|decrypt/i);
  });

  it('logs each kind of rejection at most once a minute, counting them all', async () => {
    api = await new FakeFeishu().start();
    await start();
    for (let i = 0; i < 10; i++) expect((await post(event({ text: QUESTION }), { badSignature: true })).status).toBe(401);
    expect(logs.filter((l) => l.includes('feishu: rejected: bad signature'))).toHaveLength(1);
    expect(running!.health().rejected).toEqual({ 'bad signature': 10 });
  });

  it('sends plain text when the card is refused, and waits out a 429', async () => {
    api = await new FakeFeishu().start();
    await start();
    api.rejectCards = 1;
    await post(event({ text: QUESTION, messageId: 'om_card' }));
    await api.waitFor(() => api.replies().length >= 1);
    expect(api.replies()[0]).toMatchObject({ msgType: 'text' });
    expect(String(api.replies()[0]!.content.text)).toContain('318家');
    // Feishu's own words about the refusal stay in the log line (not lost under the logger's `msg`).
    expect(logs.find((l) => l.includes('card refused'))).toContain('Failed to create card content');

    // The wait for the 429's reset, on a fake clock.
    api.rateLimitOnce = 1;
    useFakeClock();
    const t = Date.now();
    await advanceUntilSettled(post(event({ text: '1-2月软件业务收入是多少？', messageId: 'om_429' })));
    await advanceUntilSettled(api.waitFor(() => api.replies().some((r) => r.to === 'om_429')));
    expect(Date.now() - t).toBeGreaterThanOrEqual(1000);
  });

  it('runs the text commands and refuses an over-long question politely; no secret in the logs', async () => {
    api = await new FakeFeishu().start();
    await start();
    for (const [i, text] of ['/help', '/issues', '/sources', '/reset', '数'.repeat(600)].entries())
      await post(event({ text, messageId: `om_c${i}` }));
    await api.waitFor(() => api.replies().length >= 5);
    const texts = Object.fromEntries(api.replies().map((r) => [r.to, String(r.content.text)]));
    expect(texts.om_c0).toContain('可以这样问');
    expect(texts.om_c1).toContain('已收录2期');
    expect(texts.om_c2).toBe('还没有回答过问题，暂无来源。');
    expect(texts.om_c3).toContain('对话已清空');
    expect(texts.om_c4).toContain('问题太长了');
    const all = logs.join('\n');
    for (const secret of [APP_SECRET, KEY, 't-fake-tenant-token']) expect(all).not.toContain(secret);
  });
});
