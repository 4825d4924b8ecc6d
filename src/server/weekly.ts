import path from 'node:path';
import type { AnswerEngine } from '../answer/engine.js';
import type { RunningChannel } from '../channels/core/definition.js';
import type { ChannelServices } from '../channels/core/services.js';
import type { Config } from '../config/schema.js';
import { FeedbackLog } from '../feedback/log.js';
import type { IngestReport } from '../ingest/ingest.js';
import { describeIssue, indexedAt } from '../ingest/kept.js';
import type { Manifest } from '../store/manifest.js';
import { DigestAnnouncer } from '../subscriptions/announcer.js';
import { SubscriptionStore } from '../subscriptions/store.js';
import { BulletinUploads } from '../uploads/desk.js';
import { PendingChoices } from '../uploads/pending.js';
import { DamagedFiles } from '../state/damaged-files.js';
import type { Overdue } from '../subscriptions/digest-record.js';
import { formatIssueAsked } from '../domain/format.js';
import type { Logger } from '../util/log.js';
import { openOriginals, type Originals } from '../originals/open.js';
import type { JobRunner } from '../originals/renderer.js';
import { BulletinWatcher } from './bulletin-watcher.js';
import { IngestRunner, type IngestJobRunner, type LastIngest } from './ingest-runner.js';
import { errorMessage } from '../util/app-error.js';

/** The weekly loop as /healthz shows it. */
export interface WeeklyHealth {
  lastIngest: LastIngest | null;
  ingestRunning: boolean;
  watching: boolean;
  subscriptions: number;
  digestsPending: number;
  /** Issues whose digest is late after a failed attempt, with the reason. */
  digestsOverdue: Overdue[];
  problems: string[];
}

export interface WeeklyDeps {
  engine: AnswerEngine;
  /** Checks the index on disk and switches the live engine to it (the index watcher's one code path). */
  switchIndex: (reason: string) => Promise<void>;
  /** The running channel of a name, if it is running. */
  channel: (name: string) => RunningChannel | null;
  /** The manifest of the index being served. */
  manifest: () => Manifest;
  /** Where ingest jobs run (the ingest process by default). */
  runIngestJob?: IngestJobRunner;
  /** Where 查看原文's pages are rendered (the renderer process by default). */
  renderer?: JobRunner;
}

/**
 * A new issue every week, taken in by the service itself: BULLETINS_DIR watched and ingested in a
 * child process, admins' uploads, digests of new issues to the subscribed chats, and the feedback
 * log. `indexSwitched` is called whenever the live index changes, however the issue arrived.
 */
export class Weekly {
  private watcher: BulletinWatcher | null = null;

  private constructor(
    readonly services: ChannelServices,
    private readonly damaged: DamagedFiles,
    private readonly pending: PendingChoices,
    private readonly feedback: FeedbackLog,
    private readonly subscriptions: SubscriptionStore,
    private readonly announcer: DigestAnnouncer,
    private readonly runner: IngestRunner,
    private readonly config: Config,
    private readonly engine: AnswerEngine,
    private readonly log: Logger,
    private readonly originals: Originals,
  ) {}

  static async create(config: Config, log: Logger, deps: WeeklyDeps): Promise<Weekly> {
    const damaged = new DamagedFiles(config.STATE_DIR, log);
    const feedback = await FeedbackLog.open(
      config.STATE_DIR,
      { maxBytes: config.FEEDBACK_LOG_MAX_MB * 1048576, files: config.FEEDBACK_LOG_FILES },
      log,
      undefined,
      damaged,
    );
    const subscriptions = await SubscriptionStore.open(config.STATE_DIR, { damaged });
    const announcer = await DigestAnnouncer.open(config.STATE_DIR, {
      subscriptions,
      log,
      damaged,
      notify: async (channel, chatId, digest) => {
        const running = deps.channel(channel);
        if (!running?.notify) return 'unavailable';
        return running.notify(chatId, digest);
      },
    });
    const runner = new IngestRunner(config, log, () => deps.switchIndex('bulletins ingested'), deps.runIngestJob);
    const stagingDir = path.join(config.STATE_DIR, 'uploads');
    const pending = await PendingChoices.open(stagingDir, { log, damaged });
    const admins: Record<string, readonly string[]> = { telegram: config.TELEGRAM_ADMIN_IDS, feishu: config.FEISHU_ADMIN_OPEN_IDS };
    const uploads = new BulletinUploads({
      bulletinsDir: config.BULLETINS_DIR,
      stagingDir,
      maxBytes: config.MAX_UPLOAD_MB * 1048576,
      runner,
      issues: () => deps.engine.corpus.bulletins,
      indexedAt: (file) => {
        const entry = deps.manifest().files[file];
        return entry ? indexedAt(entry) : null;
      },
      servedSha256: (file) => deps.manifest().files[file]?.sha256 ?? null,
      isAdmin: (channel, senderId) => (admins[channel] ?? []).includes(senderId),
      pending,
      log,
    });
    const originals = await openOriginals(config, log, { corpus: () => deps.engine.corpus, manifest: deps.manifest }, deps.renderer);
    const services: ChannelServices = {
      feedback,
      subscriptions,
      uploads,
      originals: originals.viewer,
      idHash: feedback.hasher.idHash,
      damaged,
    };
    return new Weekly(services, damaged, pending, feedback, subscriptions, announcer, runner, config, deps.engine, log, originals);
  }

  /** The ingest buildApp did at start-up, shown in /healthz until a background one replaces it. */
  startupIngest(report: IngestReport | null): void {
    if (report) this.runner.recordStartup(report);
  }

  /** Starts watching BULLETINS_DIR (unless WATCH_BULLETINS=false). */
  async start(): Promise<void> {
    if (!this.config.WATCH_BULLETINS) return;
    const watcher = new BulletinWatcher(
      this.config.BULLETINS_DIR,
      this.config.INGEST_DEBOUNCE_MS,
      (changes) => {
        this.log.info('bulletin folder changed; ingesting in the background', { changes });
        void this.runner.ingest(`files changed: ${changes.join(', ')}`);
      },
      this.log,
    );
    await watcher.start();
    this.watcher = watcher;
    this.log.info(`watching ${this.config.BULLETINS_DIR} for new bulletins`);
  }

  /** The live index changed (or the service started): new issues get their digest, and digests still due are tried. */
  indexSwitched(): Promise<number[]> {
    return this.announcer.indexChanged(this.engine.corpus.bulletins).catch((error: unknown) => {
      this.log.error('digest: new issues could not be announced', { error: errorMessage(error) });
      return [];
    });
  }

  /** Ingests BULLETINS_DIR now, in the background process. */
  ingest(reason: string): Promise<LastIngest> {
    return this.runner.ingest(reason);
  }

  health(): WeeklyHealth {
    const last = this.runner.last;
    const problems = [this.feedback.problem(), this.announcer.problem()].filter((p): p is string => p !== null);
    problems.push(...this.damaged.problems());
    const overdue = this.announcer.overdue();
    for (const o of overdue)
      problems.push(
        `digest of ${formatIssueAsked({ total: o.total })} not yet sent to ${o.chats} chat(s) (due since ${o.detectedAt}): ${o.reason}${o.nextTryAt ? `; next try ${o.nextTryAt}` : ''}`,
      );
    if (last?.result === 'failed') problems.push(`last ingest failed: ${last.error}`);
    const dropped = last?.failed.filter((f) => !f.kept) ?? [];
    if (dropped.length) problems.push(`not indexed: ${dropped.map((f) => f.file).join(', ')}`);
    // A kept version answers questions, but the file in the folder is not what is served: someone should fix it.
    for (const f of last?.failed ?? [])
      if (f.kept) problems.push(`${f.error}; still serving the version indexed at ${f.kept.indexedAt} (${describeIssue(f.kept.issue)})`);
    return {
      lastIngest: last,
      ingestRunning: this.runner.running,
      watching: this.watcher !== null,
      subscriptions: this.subscriptions.list().length,
      digestsPending: this.announcer.pendingCount(),
      digestsOverdue: overdue,
      problems,
    };
  }

  async stop(): Promise<void> {
    await this.watcher?.stop();
    this.runner.stop();
    this.pending.stop();
    await this.announcer.stop();
    await this.feedback.close();
    await this.originals.close();
  }
}
