import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { BulletinSummary } from '../domain/corpus.js';
import { writeFileAtomic } from '../store/atomic.js';
import { JsonFileError, safeJson } from '../util/json-file.js';
import type { Logger } from '../util/log.js';
import { digestOf, digestSchema, type Digest } from './digest.js';
import type { SubscriptionStore } from './store.js';
import { formatIssue } from '../domain/format.js';
import { errorMessage } from '../util/app-error.js';

/** What became of one digest sent to one chat. */
export type NotifyResult = 'sent' | 'gone' | 'unavailable';

/** Sends a digest to a chat through its channel: 'gone' when the chat blocked the bot or no longer exists, 'unavailable' when the channel is not running. */
export type Notify = (channel: string, chatId: string, digest: Digest) => Promise<NotifyResult>;

const target = z.object({ channel: z.string(), chatId: z.string() });
type Target = z.infer<typeof target>;
const stateSchema = z.object({
  issues: z.record(
    z.string(),
    z.object({
      detectedAt: z.string(),
      digest: digestSchema.nullable(),
      pending: z.array(target),
      delivered: z.array(target),
    }),
  ),
});
type State = z.infer<typeof stateSchema>;

/** A failed send (network, rate limit, channel down) is retried this long after. */
const RETRY_MS = 60_000;

/**
 * Announces every new issue to the subscribed chats, however it was indexed (a file copied in, an
 * admin's upload, `npm run ingest` by hand): each time the live index changes, issues it has not
 * seen before (by 总期) get a digest. STATE_DIR/digests.json records, per issue, the chats still to
 * be sent and those sent, and is written after every send, so a restart resumes where it stopped
 * and no chat gets the same issue twice. On the very first start the issues already indexed are
 * taken as announced.
 */
export class DigestAnnouncer {
  private delivering: Promise<void> = Promise.resolve();
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;

  private constructor(
    private readonly file: string,
    private state: State,
    private fresh: boolean,
    private readonly subscriptions: SubscriptionStore,
    private readonly notify: Notify,
    private readonly log: Logger,
    private readonly now: () => Date,
  ) {}

  static async open(
    stateDir: string,
    deps: { subscriptions: SubscriptionStore; notify: Notify; log: Logger; now?: () => Date },
  ): Promise<DigestAnnouncer> {
    const file = path.join(stateDir, 'digests.json');
    let raw: string | null = null;
    try {
      raw = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    let state: State = { issues: {} };
    if (raw !== null) {
      const parsed = stateSchema.safeParse(safeJson(raw));
      if (!parsed.success) throw new JsonFileError(file, 'is not a digest record; fix or remove it (removing it announces no old issue)');
      state = parsed.data;
    }
    return new DigestAnnouncer(file, state, raw === null, deps.subscriptions, deps.notify, deps.log, deps.now ?? (() => new Date()));
  }

  /** The live index now holds these issues: digests go out for those never seen. Returns the new issues' 总期. */
  async indexChanged(bulletins: readonly BulletinSummary[]): Promise<number[]> {
    const unseen = bulletins.filter((b) => !(String(b.cover.total) in this.state.issues));
    if (!unseen.length && !this.fresh) {
      // Digests still to be sent (a channel that was down, a restart in between) go out now.
      if (this.pendingCount()) await this.deliver();
      return [];
    }
    const detectedAt = this.now().toISOString();
    if (this.fresh) {
      // First start: what is indexed already was never announced, and is not news.
      for (const b of unseen) this.state.issues[String(b.cover.total)] = { detectedAt, digest: null, pending: [], delivered: [] };
      this.fresh = false;
      await this.save();
      return [];
    }
    const targets = this.subscriptions.list().map(({ channel, chatId }) => ({ channel, chatId }));
    for (const b of unseen) {
      this.state.issues[String(b.cover.total)] = { detectedAt, digest: digestOf(b), pending: [...targets], delivered: [] };
      this.log.info('new issue indexed: digest to subscribers', {
        issue: formatIssue(b.cover),
        subscribers: targets.length,
      });
    }
    await this.save();
    await this.deliver();
    return unseen.map((b) => b.cover.total);
  }

  /** Sends what is pending (one pass at a time); what could not be sent is tried again later. */
  deliver(): Promise<void> {
    this.delivering = this.delivering
      .then(() => this.pass())
      .catch((error: unknown) => {
        this.log.error('digest delivery failed', { error: errorMessage(error) });
      });
    return this.delivering;
  }

  /** Chats still waiting for a digest. */
  pendingCount(): number {
    return Object.values(this.state.issues).reduce((n, i) => n + i.pending.length, 0);
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    return this.delivering;
  }

  private async pass(): Promise<void> {
    let again = false;
    for (const [total, issue] of Object.entries(this.state.issues)) {
      for (const to of [...issue.pending]) {
        if (this.stopped) return;
        const outcome = issue.digest && this.subscriptions.has(to.channel, to.chatId) ? await this.send(to, issue.digest) : 'dropped';
        if (outcome === 'later') {
          again = true;
          continue;
        }
        issue.pending = issue.pending.filter((t) => t !== to);
        if (outcome === 'sent') issue.delivered.push(to);
        await this.save();
        if (outcome === 'gone') this.log.info('digest: chat gone; unsubscribed', { channel: to.channel, issue: Number(total) });
      }
    }
    if (again) this.scheduleRetry();
  }

  private async send(to: Target, digest: Digest): Promise<'sent' | 'gone' | 'later'> {
    try {
      const result = await this.notify(to.channel, to.chatId, digest);
      if (result === 'gone') await this.subscriptions.remove(to.channel, to.chatId);
      return result === 'unavailable' ? 'later' : result;
    } catch (error) {
      this.log.warn('digest: could not be sent; trying again later', { channel: to.channel, error: errorMessage(error) });
      return 'later';
    }
  }

  private scheduleRetry(): void {
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.deliver();
    }, RETRY_MS);
    this.retry.unref();
  }

  private save(): Promise<void> {
    return writeFileAtomic(this.file, JSON.stringify(this.state, null, 1));
  }
}
