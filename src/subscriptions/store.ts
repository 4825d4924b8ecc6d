import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../store/atomic.js';
import { JsonFileError, safeJson } from '../util/json-file.js';

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

/** What the channels need of the subscription list. */
export interface SubscriptionBook {
  /** True when the chat was not subscribed before. */
  add(channel: string, chatId: string, isPrivate: boolean): Promise<boolean>;
  /** True when the chat was subscribed. */
  remove(channel: string, chatId: string): Promise<boolean>;
  has(channel: string, chatId: string): boolean;
}

/**
 * The chats that receive a digest of every new issue, in STATE_DIR/subscriptions.json (rewritten
 * atomically on every change, so a crash leaves the old or the new list, never half of one).
 */
export class SubscriptionStore implements SubscriptionBook {
  private readonly byKey = new Map<string, Subscription>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly now: () => Date,
  ) {}

  static async open(stateDir: string, now: () => Date = () => new Date()): Promise<SubscriptionStore> {
    const store = new SubscriptionStore(path.join(stateDir, 'subscriptions.json'), now);
    let raw: string | null = null;
    try {
      raw = await readFile(store.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (raw !== null) {
      const parsed = fileSchema.safeParse(safeJson(raw));
      if (!parsed.success) throw new JsonFileError(store.file, 'is not a subscription list; fix or remove it');
      for (const s of parsed.data.subscriptions) store.byKey.set(key(s.channel, s.chatId), s);
    }
    return store;
  }

  list(): Subscription[] {
    return [...this.byKey.values()];
  }

  has(channel: string, chatId: string): boolean {
    return this.byKey.has(key(channel, chatId));
  }

  async add(channel: string, chatId: string, isPrivate: boolean): Promise<boolean> {
    if (this.has(channel, chatId)) return false;
    this.byKey.set(key(channel, chatId), { channel, chatId, chat: isPrivate ? 'private' : 'group', since: this.now().toISOString() });
    await this.save();
    return true;
  }

  async remove(channel: string, chatId: string): Promise<boolean> {
    if (!this.byKey.delete(key(channel, chatId))) return false;
    await this.save();
    return true;
  }

  /** Saves in order; each save writes the list as it is when its turn comes. */
  private save(): Promise<void> {
    this.writing = this.writing
      .catch(() => undefined)
      .then(() => writeFileAtomic(this.file, JSON.stringify({ subscriptions: this.list() }, null, 1)));
    return this.writing;
  }
}

export function subscriptionKey(channel: string, chatId: string): string {
  return key(channel, chatId);
}

function key(channel: string, chatId: string): string {
  return `${channel}:${chatId}`;
}
