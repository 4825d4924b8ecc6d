import path from 'node:path';
import { z } from 'zod';
import type { DamagedFiles } from '../state/damaged-files.js';
import { jsonFormat, readLastGood, readStateFile, writeStateFile } from '../state/state-file.js';

export interface Subscription {
  channel: string;
  chatId: string;
  /** private or group: for the log and /healthz. */
  chat: 'private' | 'group';
  since: string;
}

const fileSchema = z.object({
  subscriptions: z.array(z.object({ channel: z.string(), chatId: z.string(), chat: z.enum(['private', 'group']), since: z.string() })),
});
const FORMAT = jsonFormat('a subscription list', (v) => fileSchema.parse(v).subscriptions);

export const SUBSCRIPTIONS_FILE = 'subscriptions.json';

/** What the channels need of the subscription list. */
export interface SubscriptionBook {
  /** True when the chat was not subscribed before. Throws StateWriteError when the list cannot be saved (nothing changes then). */
  add(channel: string, chatId: string, isPrivate: boolean): Promise<boolean>;
  /** True when the chat was subscribed. Throws StateWriteError when the list cannot be saved (nothing changes then). */
  remove(channel: string, chatId: string): Promise<boolean>;
  has(channel: string, chatId: string): boolean;
}

/**
 * The chats that receive a digest of every new issue, in STATE_DIR/subscriptions.json, rewritten
 * atomically on every change with a last good copy beside it. A change counts only once it is
 * saved: a list that cannot be written stays as it was, and the caller says so. A damaged file is
 * moved aside and the list rebuilt from the last good copy.
 */
export class SubscriptionStore implements SubscriptionBook {
  private byKey = new Map<string, Subscription>();
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly now: () => Date,
  ) {}

  static async open(stateDir: string, deps: { damaged?: DamagedFiles; now?: () => Date } = {}): Promise<SubscriptionStore> {
    const now = deps.now ?? (() => new Date());
    const store = new SubscriptionStore(path.join(stateDir, SUBSCRIPTIONS_FILE), now);
    const read = await readStateFile(store.file, FORMAT, now);
    let list: Subscription[] = [];
    if (read.kind === 'ok') list = read.value;
    if (read.kind === 'damaged') {
      const good = await readLastGood(store.file, FORMAT);
      list = good ?? [];
      deps.damaged?.report(
        read.damaged,
        good ? `rebuilt from its last good copy (${good.length} chats)` : 'no good copy: the list starts empty',
      );
      // Written back at once, so that the rebuilt list is what the next start reads.
      await writeStateFile(store.file, serialise(list), { keepGood: true }).catch(() => undefined);
    }
    for (const s of list) store.byKey.set(key(s.channel, s.chatId), s);
    return store;
  }

  list(): Subscription[] {
    return [...this.byKey.values()];
  }

  has(channel: string, chatId: string): boolean {
    return this.byKey.has(key(channel, chatId));
  }

  add(channel: string, chatId: string, isPrivate: boolean): Promise<boolean> {
    return this.change((next) => {
      if (next.has(key(channel, chatId))) return false;
      next.set(key(channel, chatId), { channel, chatId, chat: isPrivate ? 'private' : 'group', since: this.now().toISOString() });
      return true;
    });
  }

  remove(channel: string, chatId: string): Promise<boolean> {
    return this.change((next) => next.delete(key(channel, chatId)));
  }

  /** Changes run one after another; each is applied to a copy, saved, and only then made the list. */
  private change(apply: (next: Map<string, Subscription>) => boolean): Promise<boolean> {
    const run = this.writing.then(async () => {
      const next = new Map(this.byKey);
      if (!apply(next)) return false;
      await writeStateFile(this.file, serialise([...next.values()]), { keepGood: true });
      this.byKey = next;
      return true;
    });
    this.writing = run.catch(() => undefined);
    return run;
  }
}

function serialise(list: Subscription[]): string {
  return JSON.stringify({ subscriptions: list }, null, 1);
}

export function subscriptionKey(channel: string, chatId: string): string {
  return key(channel, chatId);
}

function key(channel: string, chatId: string): string {
  return `${channel}:${chatId}`;
}
