import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SubscriptionStore } from '../../src/subscriptions/store.js';
import { JsonFileError } from '../../src/util/json-file.js';
import { tempDir } from '../helpers/paths.js';

const NOW = new Date('2031-03-07T09:30:00.000Z');

describe('the subscription list (STATE_DIR/subscriptions.json)', () => {
  it('adds a chat once, removes it once, and keeps the list across a restart', async () => {
    const dir = tempDir('state-');
    const store = await SubscriptionStore.open(dir, () => NOW);
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

  it('refuses a damaged list with the file named, rather than starting empty', async () => {
    const dir = tempDir('state-');
    writeFileSync(path.join(dir, 'subscriptions.json'), '{"subscriptions": [{"channel": "telegram"}]}');
    const error = await SubscriptionStore.open(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JsonFileError);
    expect((error as Error).message).toBe(`${path.join(dir, 'subscriptions.json')} is not a subscription list; fix or remove it`);
  });
});
