import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { AnswerEngine } from '../../../src/answer/engine.js';
import type { ChannelAdapter, InboundMessage } from '../../../src/channels/core/adapter.js';
import { ChannelCore } from '../../../src/channels/core/channel-core.js';
import { RejectionLog } from '../../../src/channels/core/rejections.js';
import { MemoryDeliveryLog } from '../../../src/channels/seen-store.js';
import { channelTexts } from '../../../src/channels/texts.js';
import { SubscriptionStore } from '../../../src/subscriptions/store.js';
import { silentLogger } from '../../../src/util/log.js';
import { tempDir } from '../../helpers/paths.js';
import { observeFault } from '../../reliability/faults.js';

/** An adapter that keeps the texts it is asked to send. */
function textAdapter(): ChannelAdapter<InboundMessage, string, number> & { sent: string[] } {
  const sent: string[] = [];
  return {
    name: 'rec',
    sent,
    capabilities: { streamingEdits: false, cards: false, typingIntervalMs: null },
    render: { text: (t) => t, draft: (t) => t, answer: (a) => a.text, sources: (a) => a.text },
    send: async (_to, out) => {
      sent.push(out);
      return null;
    },
    edit: async () => undefined,
    describeError: (e) => String(e),
  };
}

let n = 0;
const command = (text: string, languageHint: string | null): InboundMessage => ({
  deliveryIds: [`m${++n}`],
  chatId: 'c1',
  senderId: 'u1',
  isPrivate: true,
  addressed: true,
  fromBot: false,
  text,
  sentAt: null,
  languageHint,
});

describe('subscriptions that cannot be saved', () => {
  it('/subscribe that cannot be saved: says so in the user’s language and keeps nothing', async () => {
    const stateDir = tempDir('state-');
    const store = await SubscriptionStore.open(stateDir);
    const adapter = textAdapter();
    const core = new ChannelCore({
      adapter,
      engine: { corpus: { bulletins: [], chunks: [] } } as unknown as AnswerEngine,
      log: silentLogger,
      seen: new MemoryDeliveryLog(),
      rejections: new RejectionLog('rec', silentLogger),
      settings: { ratePerMinute: 100, editIntervalMs: 0, maxMessageAgeMs: null },
      services: { subscriptions: store },
    });
    // A folder where the list is written: the write fails, even for root (chmod would not stop it).
    const file = path.join(stateDir, 'subscriptions.json');
    mkdirSync(file);
    await core.handle(command('/subscribe', 'zh-hans'));
    await core.handle(command('/subscribe', 'en'));
    expect(adapter.sent).toEqual([channelTexts(null).subscriptionNotSaved, channelTexts(null, 'en').subscriptionNotSaved]);
    expect(adapter.sent[0]).toMatch(/^订阅设置没有保存成功/);
    expect(store.has('rec', 'c1')).toBe(false);

    rmSync(file, { recursive: true });
    await core.handle(command('/subscribe', 'zh-hans'));
    expect(adapter.sent[2]).toBe(channelTexts().subscribed);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { subscriptions: unknown[] }).subscriptions).toHaveLength(1);
    observeFault('subscribeUnwritable', `reply “${adapter.sent[0]}”; not subscribed until it could be saved, then “已订阅…”`);
  });
});
