import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { startService, type Service } from '../../../src/server/service.js';
import { readFeedback } from '../../../src/feedback/read.js';
import { createLogger } from '../../../src/util/log.js';
import { testConfig } from '../../helpers/config.js';
import { cardActionEvent, deliver, FakeFeishu, messageEvent, type EventOptions } from '../../helpers/fake-feishu.js';
import { FIXTURE_BULLETINS, fixtureCorpus, tempDir } from '../../helpers/paths.js';
import { IN_PROCESS } from '../../helpers/service.js';

const TOKEN = 'verify-token-weekly';
const KEY = 'encrypt-key-weekly-123';
const ADMIN = 'ou_admin_0001';
const atBot = { key: '@_user_1', open_id: 'ou_bot_0001', name: 'Bulletin' };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

type Card = { header?: { title: { content: string } }; body: { elements: Array<Record<string, unknown>> } };

describe('Feishu through serve: 订阅 in a group, 👍/👎 on cards, uploads by admins, digest cards', () => {
  let service: Service | null = null;
  let api: FakeFeishu;
  afterEach(async () => {
    await service?.stop();
    service = null;
    await api?.close();
  });

  it('subscribes a group, records a vote from a card, takes an admin’s file and announces it to the group as a card', async () => {
    api = await new FakeFeishu('app-secret-weekly').start();
    const port = await freePort();
    const corpus = fixtureCorpus('issue-a.txt');
    const stateDir = tempDir('state-');
    service = await startService(
      testConfig({
        FEISHU_APP_ID: 'cli_weekly',
        FEISHU_APP_SECRET: 'app-secret-weekly',
        FEISHU_DOMAIN: api.url,
        FEISHU_MODE: 'webhook',
        FEISHU_WEBHOOK_HOST: '127.0.0.1',
        FEISHU_WEBHOOK_PORT: String(port),
        FEISHU_VERIFICATION_TOKEN: TOKEN,
        FEISHU_ENCRYPT_KEY: KEY,
        FEISHU_ADMIN_OPEN_IDS: ADMIN,
        BULLETINS_DIR: corpus,
        INDEX_DIR: tempDir('index-'),
        STATE_DIR: stateDir,
        HEALTH_PORT: '0',
        HEALTH_HOST: '127.0.0.1',
        RETRIEVAL_MODE: 'keyword',
        INGEST_DEBOUNCE_MS: '200',
      }),
      createLogger('silent'),
      IN_PROCESS,
    );
    const post = async (body: unknown) => {
      const { headers, payload } = deliver(body, KEY);
      return fetch(`http://127.0.0.1:${port}/feishu/events`, { method: 'POST', headers, body: payload });
    };
    const send = (o: EventOptions) => post(messageEvent(o, TOKEN));

    await send({ text: '@_user_1 订阅', chatType: 'group', chatId: 'oc_group', mentions: [atBot] });
    await send({ text: '@_user_1 订阅', chatType: 'group', chatId: 'oc_left', mentions: [atBot] });
    await api.waitFor(() => api.replies().filter((r) => String(r.content.text).startsWith('已订阅')).length === 2);

    await send({ text: '全国量子计算相关企业有多少家？', chatId: 'oc_p2p_user', sender: { openId: 'ou_reader', type: 'user' } });
    await api.waitFor(() => api.replies().some((r) => r.msgType === 'interactive'));
    const card = api.replies().find((r) => r.msgType === 'interactive')!.content as unknown as Card;
    type Row = { columns: Array<{ elements: Array<{ text: { content: string }; behaviors: Array<{ value: { action: string } }> }> }> };
    const rows = card.body.elements.filter((e) => e.tag === 'column_set') as unknown as Row[];
    const labels = (r: Row) => r.columns.map((c) => c.elements[0]!.text.content);
    // The votes, then 查看原文 below them (the answer cites a text bulletin: nothing to download).
    expect(rows.map(labels)).toEqual([['👍', '👎'], ['查看原文']]);
    const row = rows[0]!;
    const down = row.columns[1]!.elements[0]!.behaviors[0]!.value.action;
    const pressed = await post(cardActionEvent({ action: down, chatId: 'oc_p2p_user', openId: 'ou_reader' }, TOKEN));
    expect(await pressed.json()).toEqual({ toast: { type: 'success', content: '谢谢反馈，我们会据此改进回答。' } });

    // A file from someone else: one sentence, nothing fetched. From the admin: parsed, stored, ingested.
    api.files.set('file_b', readFileSync(path.join(FIXTURE_BULLETINS, 'issue-b.md')));
    const fileContent = JSON.stringify({ file_key: 'file_b', file_name: '简报第10期.md' });
    await send({
      text: '',
      messageType: 'file',
      content: fileContent,
      chatId: 'oc_p2p_reader',
      sender: { openId: 'ou_reader', type: 'user' },
    });
    await api.waitFor(() => api.replies().some((r) => String(r.content.text).includes('只接收管理员')));
    expect(api.calls.filter((c) => c.path.includes('/resources/'))).toHaveLength(0);
    api.goneChats.add('oc_left');
    await send({ text: '', messageType: 'file', content: fileContent, chatId: 'oc_p2p_admin', sender: { openId: ADMIN, type: 'user' } });
    await api.waitFor(() => api.replies().some((r) => String(r.content.text).includes('已收录，保存为 2031-010-302.md')), 40_000);
    expect(readdirSync(corpus).sort()).toEqual(['2031-010-302.md', 'issue-a.txt']);

    await api.waitFor(() => api.created().some((c) => c.chatId === 'oc_group'), 20_000);
    const digests = api.created().filter((c) => c.chatId === 'oc_group');
    expect(digests).toHaveLength(1);
    expect(digests[0]!.msgType).toBe('interactive');
    const digest = digests[0]!.content as unknown as Card;
    expect(digest.header!.title.content).toBe('《大数据发展动态》2031年第10期（总第302期）已发布');
    const body = JSON.stringify(digest.body);
    expect(body).toContain('第9–12页　2031年1-2月软件和信息技术服务业运行情况');
    expect(body).toContain('**企业动向**');
    // The group the bot was removed from (230002) is dropped from the list.
    const subscribed = () =>
      (
        JSON.parse(readFileSync(path.join(stateDir, 'subscriptions.json'), 'utf8')) as { subscriptions: Array<{ chatId: string }> }
      ).subscriptions.map((s) => s.chatId);
    await api.waitFor(() => subscribed().length === 1);
    expect(subscribed()).toEqual(['oc_group']);
    expect(api.created().filter((c) => c.chatId === 'oc_left')).toHaveLength(0);

    await service.stop();
    service = null;
    const feedback = await readFeedback(stateDir);
    expect(feedback.answers.map((a) => [a.channel, a.chat, a.found])).toEqual([['feishu', 'private', true]]);
    expect(feedback.votes).toMatchObject([{ channel: 'feishu', vote: 'down', answerId: feedback.answers[0]!.id }]);
    expect(feedback.votes[0]!.user).not.toContain('ou_reader');
  }, 90_000);
});
