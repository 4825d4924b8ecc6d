import { afterEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { readFeedback } from '../../src/feedback/read.js';
import { startService, type Service } from '../../src/server/service.js';
import { createLogger } from '../../src/util/log.js';
import { testConfig } from '../helpers/config.js';
import { cardActionEvent, deliver, FakeFeishu, messageEvent } from '../helpers/fake-feishu.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { fixtureCorpus, tempDir } from '../helpers/paths.js';
import { observeFault } from './faults.js';

const TOKEN = 'verify-token-small';
const KEY = 'encrypt-key-small-123';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const base = () => ({
  BULLETINS_DIR: fixtureCorpus('issue-a.txt'),
  INDEX_DIR: tempDir('index-'),
  STATE_DIR: tempDir('state-'),
  HEALTH_PORT: '0',
  HEALTH_HOST: '127.0.0.1',
  RETRIEVAL_MODE: 'keyword',
});

describe('smaller faults, through serve', () => {
  let service: Service | null = null;
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await service?.stop();
    service = null;
    for (const close of closers.splice(0)) await close();
  });

  it('takes votes only for answers the bot gave, once per user, however often a card action is delivered', async () => {
    const api = await new FakeFeishu('app-secret-small').start();
    closers.push(() => api.close());
    const port = await freePort();
    const env = base();
    service = await startService(
      testConfig({
        ...env,
        FEISHU_APP_ID: 'cli_small',
        FEISHU_APP_SECRET: 'app-secret-small',
        FEISHU_DOMAIN: api.url,
        FEISHU_MODE: 'webhook',
        FEISHU_WEBHOOK_HOST: '127.0.0.1',
        FEISHU_WEBHOOK_PORT: String(port),
        FEISHU_VERIFICATION_TOKEN: TOKEN,
        FEISHU_ENCRYPT_KEY: KEY,
      }),
      createLogger('silent'),
    );
    const post = async (body: unknown) => {
      const { headers, payload } = deliver(body, KEY);
      return (await (await fetch(`http://127.0.0.1:${port}/feishu/events`, { method: 'POST', headers, body: payload })).json()) as {
        toast: { content: string };
      };
    };
    await post(
      messageEvent({ text: '全国量子计算相关企业有多少家？', chatId: 'oc_p2p', sender: { openId: 'ou_reader', type: 'user' } }, TOKEN),
    );
    await api.waitFor(() => api.replies().some((r) => r.msgType === 'interactive'));
    const card = JSON.stringify(api.replies().find((r) => r.msgType === 'interactive')!.content);
    const up = /"action":"(up:[\w-]+)"/.exec(card)![1]!;

    // The same press delivered three times without an event id (nothing to recognise it by), then a vote for an answer never given.
    const withoutId = () => {
      const event = cardActionEvent({ action: up, chatId: 'oc_p2p', openId: 'ou_reader' }, TOKEN);
      delete (event.header as Record<string, unknown>).event_id;
      return event;
    };
    const toasts = [await post(withoutId()), await post(withoutId()), await post(withoutId())];
    const forged = await post(cardActionEvent({ action: 'up:NeverGivenAnswer0', chatId: 'oc_p2p', openId: 'ou_reader' }, TOKEN));
    expect(toasts.map((t) => t.toast.content)).toEqual(['谢谢反馈！', '已经记录过你对这个回答的评价。', '已经记录过你对这个回答的评价。']);
    expect(forged.toast.content).toBe('这个回答已过期，无法评价；请重新提问。');
    await service.stop();
    service = null;
    const votes = (await readFeedback(env.STATE_DIR)).votes;
    expect(votes).toHaveLength(1);
    expect(votes[0]).toMatchObject({ answerId: up.slice(3), vote: 'up' });
    observeFault(
      'votes',
      `3 deliveries of one press without event id: ${votes.length} vote logged; a vote for an id never given: refused (“${forged.toast.content}”)`,
    );
  });

  it('hashes chat and user ids in the service log as the feedback log does', async () => {
    const api = await new FakeTelegram().start();
    closers.push(() => api.close());
    const env = base();
    const logs: string[] = [];
    service = await startService(
      testConfig({ ...env, TELEGRAM_BOT_TOKEN: '123456:IDS-hash-token', TELEGRAM_API_ROOT: api.url, TELEGRAM_ALLOWED_USERS: '424242' }),
      createLogger('debug', (l) => logs.push(l), 'json'),
    );
    api.push(api.textMessage('全国量子计算相关企业有多少家？', 424242));
    api.push(api.textMessage('你好', 535353));
    await api.waitFor(() => api.sent().length >= 2);
    await service.stop();
    service = null;

    const key = Buffer.from(readFileSync(path.join(env.STATE_DIR, 'feedback-secret'), 'utf8').trim(), 'hex');
    const hashed = (id: string) => createHmac('sha256', key).update(`telegram:${id}`).digest('hex').slice(0, 16);
    const answered = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'answered')!;
    expect(answered.chat).toBe(hashed('424242'));
    const rejected = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => String(l.msg).includes('not on the allowlist'))!;
    expect(rejected.user).toBe(hashed('535353'));
    const raw = logs.filter((l) => l.includes('424242') || l.includes('535353'));
    expect(raw).toEqual([]);
    const feedback = await readFeedback(env.STATE_DIR);
    expect(feedback.answers[0]!.user).toBe(answered.chat);
    observeFault(
      'logIds',
      `${logs.length} log lines: 0 with a raw chat or user id; the answered line’s chat = the feedback log’s user hash`,
    );
  });
});
