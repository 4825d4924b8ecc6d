import path from 'node:path';
import type { BulletinSummary } from '../domain/corpus.js';
import { formatIssue } from '../domain/format.js';
import type { DamagedFiles } from '../state/damaged-files.js';
import { readStateFile, writeStateFile } from '../state/state-file.js';
import { errorMessage } from '../util/app-error.js';
import type { Logger } from '../util/log.js';
import { digestOf, type Digest } from './digest.js';
import { Backoff, DIGEST_RECORD, DIGESTS_FILE, type DigestRecord, type Overdue, type Target } from './digest-record.js';
import type { SubscriptionStore } from './store.js';

/** What became of one digest sent to one chat. */
export type NotifyResult = 'sent' | 'gone' | 'unavailable';

/** Sends a digest to a chat through its channel: 'gone' when the chat blocked the bot or no longer exists, 'unavailable' when the channel is not running. */
export type Notify = (channel: string, chatId: string, digest: Digest) => Promise<NotifyResult>;

export interface AnnouncerDeps {
  subscriptions: SubscriptionStore;
  notify: Notify;
  log: Logger;
  now?: () => Date;
  damaged?: DamagedFiles;
  backoff?: Backoff;
}

/**
 * Announces every new issue to the subscribed chats, however it was indexed (a file copied in, an
 * admin's upload, `npm run ingest` by hand): each time the live index changes, issues it has not
 * seen before (by 总期) get a digest. STATE_DIR/digests.json records, per issue, the chats still to
 * be sent and those sent. Nothing is sent before it is recorded, and every send is recorded, so a
 * restart resumes where it stopped and no chat gets the same issue twice. What could not be
 * recorded or sent stays due: it is tried again with backoff, at every change of the index and at
 * start-up, and /healthz names the issues and the reason meanwhile. On the very first start (or when
 * the record is damaged) the issues already indexed are taken as announced.
 */
export class DigestAnnouncer {
  private running: Promise<void> = Promise.resolve();
  private retry: NodeJS.Timeout | null = null;
  private nextTryAt: Date | null = null;
  private stopped = false;
  /** The record in memory differs from the file (a write failed). */
  private unsaved = false;
  private saveFailure: string | null = null;
  /** Why the last attempt for an issue failed, by 总期. */
  private readonly late = new Map<string, string>();
  private readonly now: () => Date;
  private readonly backoff: Backoff;

  private constructor(
    private readonly file: string,
    private readonly state: DigestRecord,
    private fresh: boolean,
    private readonly deps: AnnouncerDeps,
  ) {
    this.now = deps.now ?? (() => new Date());
    this.backoff = deps.backoff ?? new Backoff();
  }

  static async open(stateDir: string, deps: AnnouncerDeps): Promise<DigestAnnouncer> {
    const file = path.join(stateDir, DIGESTS_FILE);
    const read = await readStateFile(file, DIGEST_RECORD, deps.now);
    if (read.kind === 'damaged') deps.damaged?.report(read.damaged, 'rebuilt from the index: the issues indexed now count as announced');
    const state = read.kind === 'ok' ? read.value : { issues: {} };
    return new DigestAnnouncer(file, state, read.kind !== 'ok', deps);
  }

  /**
   * The live index now holds these issues: digests are due for those never seen, and whatever is
   * still due is tried now. Returns the new issues' 总期. Never rejects.
   */
  async indexChanged(bulletins: readonly BulletinSummary[]): Promise<number[]> {
    const unseen = bulletins.filter((b) => !(String(b.cover.total) in this.state.issues));
    const detectedAt = this.now().toISOString();
    let announced: number[] = [];
    if (this.fresh) {
      // First start: what is indexed already was never announced, and is not news.
      for (const b of unseen) this.state.issues[String(b.cover.total)] = { detectedAt, digest: null, pending: [], delivered: [] };
      this.fresh = false;
    } else {
      const targets = this.deps.subscriptions.list().map(({ channel, chatId }) => ({ channel, chatId }));
      for (const b of unseen) {
        this.state.issues[String(b.cover.total)] = { detectedAt, digest: digestOf(b), pending: [...targets], delivered: [] };
        this.deps.log.info('new issue indexed: digest to subscribers', { issue: formatIssue(b.cover), subscribers: targets.length });
      }
      announced = unseen.map((b) => b.cover.total);
    }
    if (unseen.length) this.unsaved = true;
    await this.deliver();
    return announced;
  }

  /** Records what is unsaved, then sends what is due (one pass at a time). Never rejects. */
  deliver(): Promise<void> {
    this.running = this.running.then(() => this.pass()).catch((error: unknown) => this.failed(null, errorMessage(error)));
    return this.running;
  }

  /** Chats still waiting for a digest. */
  pendingCount(): number {
    return Object.values(this.state.issues).reduce((n, i) => n + i.pending.length, 0);
  }

  /** Issues whose digest is still due after an attempt failed, with the reason. */
  overdue(): Overdue[] {
    return Object.entries(this.state.issues)
      .filter(([total, issue]) => issue.pending.length > 0 && this.late.has(total))
      .map(([total, issue]) => ({
        total: Number(total),
        chats: issue.pending.length,
        detectedAt: issue.detectedAt,
        reason: this.late.get(total)!,
        nextTryAt: this.nextTryAt?.toISOString() ?? null,
      }));
  }

  /** Why the record on disk is behind the one in memory, or null. */
  problem(): string | null {
    return this.unsaved && this.saveFailure ? `digest record not saved: ${this.saveFailure}` : null;
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    return this.running;
  }

  private async pass(): Promise<void> {
    if (this.stopped) return;
    // Nothing goes out that is not recorded as due: sent twice after a restart is worse than late.
    if (this.unsaved && !(await this.save())) return;
    let again = false;
    for (const [total, issue] of Object.entries(this.state.issues)) {
      let reason: string | null = null;
      for (const to of [...issue.pending]) {
        if (this.stopped) return;
        const outcome = issue.digest && this.deps.subscriptions.has(to.channel, to.chatId) ? await this.send(to, issue.digest) : 'dropped';
        if (typeof outcome === 'object') {
          reason = outcome.later;
          continue;
        }
        issue.pending = issue.pending.filter((t) => t !== to);
        if (outcome === 'sent') issue.delivered.push(to);
        this.unsaved = true;
        if (!(await this.save())) return;
        if (outcome === 'gone') this.deps.log.info('digest: chat gone; unsubscribed', { channel: to.channel, issue: Number(total) });
      }
      if (reason) {
        this.late.set(total, reason);
        again = true;
      } else this.late.delete(total);
    }
    if (again) this.scheduleRetry();
    else {
      this.backoff.reset();
      this.nextTryAt = null;
    }
  }

  private async send(to: Target, digest: Digest): Promise<'sent' | 'gone' | { later: string }> {
    try {
      const result = await this.deps.notify(to.channel, to.chatId, digest);
      if (result === 'gone') await this.deps.subscriptions.remove(to.channel, to.chatId).catch(() => undefined);
      return result === 'unavailable' ? { later: `${to.channel} is not running` } : result;
    } catch (error) {
      const message = errorMessage(error);
      this.deps.log.warn('digest: could not be sent; trying again later', { channel: to.channel, error: message });
      return { later: `${to.channel}: ${message}` };
    }
  }

  /** Writes the record; on failure every issue still due is late for that reason, and all is tried again later. */
  private async save(): Promise<boolean> {
    try {
      await writeStateFile(this.file, JSON.stringify(this.state, null, 1));
      if (this.saveFailure) this.deps.log.info('digest record writable again', { file: DIGESTS_FILE });
      this.unsaved = false;
      this.saveFailure = null;
      return true;
    } catch (error) {
      this.failed(`cannot record it: ${errorMessage(error)}`, errorMessage(error));
      return false;
    }
  }

  private failed(lateReason: string | null, cause: string): void {
    if (lateReason) {
      if (this.saveFailure === null) this.deps.log.error('digest record cannot be written; digests wait until it can', { error: cause });
      this.saveFailure = cause;
      for (const [total, issue] of Object.entries(this.state.issues)) if (issue.pending.length) this.late.set(total, lateReason);
    } else this.deps.log.error('digest delivery failed', { error: cause });
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retry || this.stopped) return;
    const delay = this.backoff.next();
    this.nextTryAt = new Date(this.now().getTime() + delay);
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.deliver();
    }, delay);
    this.retry.unref();
  }
}
