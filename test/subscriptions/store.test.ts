import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SubscriptionStore } from '../../src/subscriptions/store.js';
import { DamagedFiles } from '../../src/state/damaged-files.js';
import { silentLogger } from '../../src/util/log.js';
import { tempDir } from '../helpers/paths.js';

const NOW = new Date('2031-03-07T09:30:00.000Z');

describe('the subscription list (STATE_DIR/subscriptions.json)', () => {
  it('adds a chat once, removes it once, and keeps the list across a restart', async () => {
    const dir = tempDir('state-');
    const store = await SubscriptionStore.open(dir, { now: () => NOW });
    expect(await store.add('telegram', '42', true)).toBe(true);
    expect(await store.add('telegram', '42', true)).toBe(false);
    expect(await store.add('feishu', 'oc_group', false)).toBe(true);
    // The same chat id on another channel is another chat.
    expect(store.has('feishu', '42')).toBe(false);
    expect(JSON.parse(readFileSync(path.join(dir, 'subscriptions.json'), 'utf8'))).toEqual({
      subscriptions: [
        { channel: 'telegram', chatId: '42', chat: 'private', since: '2031-03-07T09:30:00.000Z' },
        { channel: 'feishu', chatId: 'oc_group', chat: 'group', since: '2031-03-07T09:30:00.000Z' },
      ],
    });
    expect(await store.remove('telegram', '42')).toBe(true);
    expect(await store.remove('telegram', '42')).toBe(false);

    const again = await SubscriptionStore.open(dir);
    expect(again.list()).toEqual([{ channel: 'feishu', chatId: 'oc_group', chat: 'group', since: '2031-03-07T09:30:00.000Z' }]);
  });

  it('saves every change in order, however many come at once', async () => {
    const dir = tempDir('state-');
    const store = await SubscriptionStore.open(dir);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.add('telegram', String(i), true)));
    await store.remove('telegram', '7');
    const saved = (JSON.parse(readFileSync(path.join(dir, 'subscriptions.json'), 'utf8')) as { subscriptions: Array<{ chatId: string }> })
      .subscriptions;
    expect(saved.map((s) => s.chatId)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)).filter((id) => id !== '7'));
  });

  it('moves a damaged list aside and rebuilds it from its last good copy, rather than stopping', async () => {
    const dir = tempDir('state-');
    const store = await SubscriptionStore.open(dir, { now: () => NOW });
    await store.add('telegram', '42', true);
    await store.add('feishu', 'oc_group', false);
    // Half-written by hand: a subscription without its chat.
    writeFileSync(path.join(dir, 'subscriptions.json'), '{"subscriptions": [{"channel": "telegram"}]}');
    const damaged = new DamagedFiles(dir, silentLogger);
    const again = await SubscriptionStore.open(dir, { damaged, now: () => NOW });
    expect(again.list().map((s) => `${s.channel}:${s.chatId}`)).toEqual(['telegram:42', 'feishu:oc_group']);
    const kept = readdirSync(dir).filter((f) => f.startsWith('subscriptions.json.damaged-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(path.join(dir, kept[0]!), 'utf8')).toBe('{"subscriptions": [{"channel": "telegram"}]}');
    const [problem, ...others] = damaged.problems();
    expect(others).toEqual([]);
    // The reason names the missing chat id; what was done and where the damaged file is follow.
    expect(problem).toContain('state file subscriptions.json was damaged (not a subscription list: subscriptions.0.chatId: ');
    expect(problem).toContain(
      `; rebuilt from its last good copy (2 chats)); the damaged file is kept as ${kept[0]}: delete it once checked`,
    );
  });
});
