import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type Service } from '../../src/server/service.js';
import { createLogger } from '../../src/util/log.js';
import { testConfig } from '../helpers/config.js';
import { FakeFeishu, deliver, messageEvent } from '../helpers/fake-feishu.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { fixtureCorpus, tempDir } from '../helpers/paths.js';
import { deliveryCounts, observe } from './figures.js';
import type { ProbeId } from './probes.js';
import { logMessage } from '../helpers/json.js';

const SECRETS = {
  tg: '123456:PROBE-bot-token',
  webhook: 'PROBE_webhook_secret',
  app: 'PROBE-app-secret',
  key: 'PROBE-encrypt-key',
  token: 'PROBE-verification-token',
};
const QUESTION = '全国量子计算相关企业有多少家？';

/** The running webhooks of `npm run serve`, probed as issue 16 did: signed and unsigned, malformed, replayed, slow, concurrent. */
describe('probes of both webhooks', () => {
  let telegram: FakeTelegram;
  let feishu: FakeFeishu;
  let service: Service;
  const logs: string[] = [];
  let tgUrl = '';
  let feishuUrl = '';
  let nextUpdate = 1;

  beforeAll(async () => {
    telegram = await new FakeTelegram().start();
    feishu = await new FakeFeishu().start();
    service = await startService(
      testConfig({
        BULLETINS_DIR: fixtureCorpus('issue-a.txt'),
        INDEX_DIR: tempDir(),
        RETRIEVAL_MODE: 'keyword',
        HEALTH_PORT: '0',
        HEALTH_HOST: '127.0.0.1',
        TELEGRAM_BOT_TOKEN: SECRETS.tg,
        TELEGRAM_API_ROOT: telegram.url,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: SECRETS.webhook,
        TELEGRAM_WEBHOOK_HOST: '127.0.0.1',
        TELEGRAM_WEBHOOK_PORT: '0',
        TELEGRAM_RATE_LIMIT_PER_MINUTE: '1000',
        FEISHU_APP_ID: 'cli_probe',
        FEISHU_APP_SECRET: SECRETS.app,
        FEISHU_DOMAIN: feishu.url,
        FEISHU_MODE: 'webhook',
        FEISHU_WEBHOOK_HOST: '127.0.0.1',
        FEISHU_WEBHOOK_PORT: '0',
        FEISHU_VERIFICATION_TOKEN: SECRETS.token,
        FEISHU_ENCRYPT_KEY: SECRETS.key,
        FEISHU_RATE_LIMIT_PER_MINUTE: '1000',
        STATE_DIR: tempDir(),
      }),
      createLogger('info', (l) => logs.push(l), 'json'),
    );
    const address = (pattern: RegExp) => Number(pattern.exec(logs.map(logMessage).find((m) => pattern.test(m))!)![1]);
    tgUrl = `http://127.0.0.1:${address(/telegram: webhook on [\d.]+:(\d+)/)}/telegram/webhook`;
    feishuUrl = `http://127.0.0.1:${address(/feishu: events on [\d.]+:(\d+)/)}/feishu/events`;
  });
  afterAll(async () => {
    await service.stop();
    await telegram.close();
    await feishu.close();
  });

  const tgPost = (body: string, secret: string | null = SECRETS.webhook) =>
    fetch(tgUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
      body,
    });
  const tgUpdate = (text: string, chat: number, id = nextUpdate++) => ({ update_id: id, ...telegram.textMessage(text, chat) });
  const feishuPost = (body: unknown, options: Parameters<typeof deliver>[2] = {}) => {
    const { headers, payload } = deliver(body, SECRETS.key, options);
    return fetch(feishuUrl, { method: 'POST', headers, body: payload });
  };
  const feishuEvent = (o: Parameters<typeof messageEvent>[0]) => messageEvent(o, SECRETS.token);
  const settle = () => new Promise((r) => setTimeout(r, 400));
  /** The rejection counts /healthz shows, by channel. */
  const counts = (): Record<string, Record<string, number>> =>
    Object.fromEntries(Object.entries(service.state.channels).map(([name, c]) => [name, c === 'off' ? {} : c.rejected]));
  const rejectionLines = (channel: string, reason: string) => logs.filter((l) => l.includes(`${channel}: rejected: ${reason}`)).length;
  const statusList = (statuses: number[]) => [...new Set(statuses)].join('/');
  const record = (id: ProbeId, observed: string, figures: Record<string, unknown> = {}) => observe(id, observed, figures);

  it('Telegram: a wrong or missing secret is refused, nothing answered, one log line a minute', async () => {
    const before = telegram.sent().length;
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        tgPost(JSON.stringify(tgUpdate(QUESTION, 42)), i % 2 ? `wrong-${i}` : null).then((r) => r.status),
      ),
    );
    await settle();
    const answered = telegram.sent().length - before;
    const lines = rejectionLines('telegram', 'wrong secret token');
    record(
      'tgSecret',
      `${statusList(statuses)} ×${statuses.length}; ${answered} answered; ${lines} log line (count in /healthz: ${counts().telegram!['wrong secret token']})`,
    );
    expect({ statuses: statusList(statuses), answered, lines }).toEqual({ statuses: '401', answered: 0, lines: 1 });
  });

  it('Telegram: bodies that are not updates get 400', async () => {
    const before = telegram.sent().length;
    const bodies = ['{"update_id": 1', 'null', '[]', '{}', '{"update_id":"9"}', '{"update_id":1.5}', '{"message":{"text":"hi"}}'];
    const statuses = await Promise.all(bodies.map(async (b) => (await tgPost(b)).status));
    await settle();
    const answered = telegram.sent().length - before;
    record('tgNotUpdate', `${statusList(statuses)} for all ${bodies.length}; ${answered} answered`);
    expect({ statuses: statusList(statuses), answered }).toEqual({ statuses: '400', answered: 0 });
  });

  it('Telegram: the same update three times at once is answered once', async () => {
    const update = JSON.stringify(tgUpdate(QUESTION, 7001));
    const statuses = await Promise.all([tgPost(update), tgPost(update), tgPost(update)].map(async (p) => (await p).status));
    await telegram.waitFor(() => telegram.sent().some((p) => p.chat_id === 7001)).catch(() => {});
    await settle();
    const replies = telegram.sent().filter((p) => p.chat_id === 7001).length;
    record('tgReplay', `${statusList(statuses)} ×3; ${replies} reply`);
    expect(replies).toBe(1);
  });

  it('Feishu: unsigned requests are refused without reading more than 4 KB, and nothing misleading is logged', async () => {
    const before = feishu.replies().length;
    const unsigned = async (payload: string) => (await fetch(feishuUrl, { method: 'POST', body: payload })).status;
    const event = deliver(feishuEvent({ text: QUESTION, messageId: 'om_unsigned' }), SECRETS.key).payload;
    const statuses = [await unsigned(event), await unsigned('x'.repeat(8192))];
    const forged = await Promise.all(Array.from({ length: 200 }, () => unsigned(event)));
    await settle();
    const answered = feishu.replies().length - before;
    const misleading = logs.filter((l) => /ENCRYPT_KEY|decrypt/i.test(l)).length;
    record(
      'feishuUnsigned',
      `${statuses.join(', ')}; forged ×200: ${statusList(forged)}; ${answered} answered; ${misleading} misleading log lines`,
    );
    expect({ statuses, forged: statusList(forged), answered, misleading }).toEqual({
      statuses: [401, 413],
      forged: '401',
      answered: 0,
      misleading: 0,
    });
  });

  it('Feishu: a bad signature and a stale timestamp are refused; a replayed valid event is answered once', async () => {
    const bad = (await feishuPost(feishuEvent({ text: QUESTION, messageId: 'om_badsig' }), { badSignature: true })).status;
    const stale = (
      await feishuPost(feishuEvent({ text: QUESTION, messageId: 'om_stale' }), { timestamp: Math.floor(Date.now() / 1000) - 3600 })
    ).status;
    const valid = feishuEvent({ text: QUESTION, messageId: 'om_replay', eventId: 'ev_replay', chatId: 'oc_replay' });
    const replays = await Promise.all([feishuPost(valid), feishuPost(valid), feishuPost(valid)].map(async (p) => (await p).status));
    await feishu.waitFor(() => feishu.replies().some((r) => r.to === 'om_replay')).catch(() => {});
    await settle();
    const byMessage = deliveryCounts(
      ['om_replay'],
      feishu.replies().map((r) => r.to),
    );
    const strays = feishu.replies().filter((r) => r.to === 'om_badsig' || r.to === 'om_stale').length;
    record('feishuSigned', `${bad}, ${stale}; replay ×3: ${statusList(replays)}, ${1 - byMessage.lost + byMessage.duplicates} reply`);
    expect({ bad, stale, ...byMessage, strays }).toEqual({ bad: 401, stale: 401, lost: 0, duplicates: 0, strays: 0 });
  });

  it('Feishu: a signed private post with malformed content gets one polite reply', async () => {
    const status = (
      await feishuPost(
        feishuEvent({ text: '', messageType: 'post', content: '{"content":[1,2,"x"]}', messageId: 'om_malformed', chatId: 'oc_m' }),
      )
    ).status;
    await feishu.waitFor(() => feishu.replies().some((r) => r.to === 'om_malformed')).catch(() => {});
    await settle();
    const replies = feishu.replies().filter((r) => r.to === 'om_malformed');
    record('feishuMalformed', `${status}; ${replies.length} reply: “${replies.map((r) => String(r.content.text)).join('')}”`);
    expect(replies.map((r) => r.content.text)).toEqual(['我只能回答文字提问，请直接输入你的问题。']);
  });

  it('Feishu: messages from the bot itself or another bot get no reply', async () => {
    const self = { openId: feishu.botOpenId, type: 'app' } as const;
    const ids = ['om_self_p2p', 'om_self_group', 'om_other_bot'];
    await feishuPost(feishuEvent({ text: QUESTION, messageId: ids[0], sender: self }));
    await feishuPost(
      feishuEvent({
        text: `@_user_1 ${QUESTION}`,
        chatType: 'group',
        messageId: ids[1],
        sender: self,
        mentions: [{ key: '@_user_1', open_id: feishu.botOpenId }],
      }),
    );
    await feishuPost(feishuEvent({ text: QUESTION, messageId: ids[2], sender: { openId: 'ou_another_bot', type: 'app' } }));
    await settle();
    const replies = feishu.replies().filter((r) => ids.includes(r.to)).length;
    record('feishuSelf', `${replies} replies to 3 messages (/healthz counts ${counts().feishu!['message from a bot']} from bots)`);
    expect(replies).toBe(0);
  });

  it('500 valid requests at once are all acknowledged and answered once', async () => {
    const tgBefore = telegram.sent().length;
    const tgChats = Array.from({ length: 250 }, (_, i) => 8000 + (i % 25));
    const feishuIds = Array.from({ length: 250 }, (_, i) => `om_c${i}`);
    const statuses = await Promise.all([
      ...tgChats.map(async (chat) => (await tgPost(JSON.stringify(tgUpdate(QUESTION, chat)))).status),
      ...feishuIds.map(async (id, i) => (await feishuPost(feishuEvent({ text: QUESTION, messageId: id, chatId: `oc_c${i % 25}` }))).status),
    ]);
    await telegram.waitFor(() => telegram.sent().length - tgBefore >= 250, 120_000).catch(() => {});
    await feishu.waitFor(() => feishuIds.every((id) => feishu.replies().some((r) => r.to === id)), 120_000).catch(() => {});
    await settle();
    const tgReplies = telegram
      .sent()
      .slice(tgBefore)
      .filter((p) => (p.chat_id as number) >= 8000 && (p.chat_id as number) < 8025).length;
    const fs = deliveryCounts(
      feishuIds,
      feishu.replies().map((r) => r.to),
    );
    record(
      'concurrent',
      `${statuses.filter((s) => s === 200).length}/500 acknowledged; Telegram ${tgReplies}/250 replies; Feishu ${fs.lost} lost, ${fs.duplicates} duplicated`,
    );
    expect({ acknowledged: statuses.filter((s) => s === 200).length, tgReplies, ...fs }).toEqual({
      acknowledged: 500,
      tgReplies: 250,
      lost: 0,
      duplicates: 0,
    });
  });

  it('connections that send headers and then nothing do not stop the others', async () => {
    const port = Number(new URL(tgUrl).port);
    const idle: Socket[] = await Promise.all(
      Array.from(
        { length: 100 },
        () =>
          new Promise<Socket>((resolve) => {
            const s = connect(port, '127.0.0.1', () => {
              s.write(
                `POST /telegram/webhook HTTP/1.1\r\nHost: x\r\nx-telegram-bot-api-secret-token: ${SECRETS.webhook}\r\nContent-Length: 1000\r\n\r\n{`,
              );
              resolve(s);
            });
            s.on('error', () => {});
          }),
      ),
    );
    const status = (await tgPost(JSON.stringify(tgUpdate(QUESTION, 9001)))).status;
    await telegram.waitFor(() => telegram.sent().some((p) => p.chat_id === 9001)).catch(() => {});
    const answered = telegram.sent().filter((p) => p.chat_id === 9001).length;
    const health = (await fetch(`http://127.0.0.1:${service.healthPort}/healthz`)).status;
    for (const s of idle) s.destroy();
    record('slow', `normal update: ${status}, ${answered} reply, /healthz ${health}, with 100 stalled connections open`);
    expect({ status, answered, health }).toEqual({ status: 200, answered: 1, health: 200 });
  });

  it('no secret in any log line or anything the bot sent', async () => {
    const sent = [
      ...telegram.calls.map((c) => JSON.stringify(c.payload)),
      ...feishu.calls.filter((c) => !c.path.includes('/auth/')).map((c) => JSON.stringify(c.body)),
    ];
    const leaked = Object.entries(SECRETS).filter(([, s]) => [...logs, ...sent].some((l) => l.includes(s)));
    record('secrets', `${leaked.length} secrets in ${logs.length} log lines and ${sent.length} API calls`);
    expect(leaked).toEqual([]);
  });
});
