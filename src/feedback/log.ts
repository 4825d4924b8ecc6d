import { mkdir } from 'node:fs/promises';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import type { Answer } from '../answer/types.js';
import type { Logger } from '../util/log.js';
import type { DamagedFiles } from '../state/damaged-files.js';
import { Ballot, type VoteOutcome } from './ballot.js';
import { FEEDBACK_FILE } from './read.js';
import type { AnswerRecord, FeedbackRecord, VoteRecord } from './records.js';
import { UserHasher } from './user-hash.js';
import { errorMessage } from '../util/app-error.js';
/** Characters of an answer's text kept in the log. */
const TEXT_KEPT = 300;

/** An answered question as a channel reports it (the log hashes the sender and trims the rest). */
export interface AnsweredEvent {
  id: string;
  channel: string;
  isPrivate: boolean;
  senderId: string | null;
  question: string;
  answer: Answer;
  retrievalMode: string;
  latencyMs: number;
}

export interface VoteEvent {
  answerId: string;
  channel: string;
  senderId: string | null;
  /** The chat the button was pressed in: the voter when the platform names no user. */
  chatId: string;
  vote: 'up' | 'down';
}

/** Where the channels report answers and votes. */
export interface FeedbackSink {
  /** An answer with this id is about to be sent: its buttons may be pressed before it is logged. */
  given(answerId: string): void;
  answered(event: AnsweredEvent): void;
  /** Records a vote when it counts (see Ballot): for an answer the bot gave, once per user. */
  voted(event: VoteEvent): VoteOutcome;
}

export interface FeedbackLogSettings {
  maxBytes: number;
  /** Rotated files kept besides the current one. */
  files: number;
}

/**
 * Appends answers and votes as JSON lines to STATE_DIR/feedback.jsonl, rotated by size
 * (rotating-file-stream, in logrotate's numbering). A log that cannot be written is said once in
 * the log and in /healthz (`problem`); answering goes on regardless.
 */
export class FeedbackLog implements FeedbackSink {
  private stream: RotatingFileStream | null = null;
  private failure: string | null = null;

  private constructor(
    private readonly dir: string,
    private readonly settings: FeedbackLogSettings,
    readonly hasher: UserHasher,
    private readonly ballot: Ballot,
    private readonly log: Logger,
    private readonly now: () => Date,
  ) {}

  static async open(
    stateDir: string,
    settings: FeedbackLogSettings,
    log: Logger,
    now: () => Date = () => new Date(),
    damaged?: DamagedFiles,
  ): Promise<FeedbackLog> {
    // A STATE_DIR that cannot be written does not stop the service: the log says so when it first writes.
    await mkdir(stateDir, { recursive: true }).catch(() => undefined);
    const hasher = await UserHasher.open(stateDir, damaged).catch((error: unknown) => {
      log.error('no key for hashing user ids in STATE_DIR; using one in memory until a restart', { error: errorMessage(error) });
      return UserHasher.ephemeral();
    });
    return new FeedbackLog(stateDir, settings, hasher, await Ballot.load(stateDir, damaged), log, now);
  }

  given(answerId: string): void {
    this.ballot.given(answerId);
  }

  answered(e: AnsweredEvent): void {
    this.ballot.given(e.id);
    const record: AnswerRecord = {
      type: 'answer',
      id: e.id,
      at: this.now().toISOString(),
      channel: e.channel,
      chat: e.isPrivate ? 'private' : 'group',
      user: e.senderId === null ? null : this.hasher.hash(e.channel, e.senderId),
      question: e.question,
      found: e.answer.found,
      kind: e.answer.kind,
      text: e.answer.text.slice(0, TEXT_KEPT),
      citations: e.answer.citations.map((c) => ({
        ...pickIssue(c.issue),
        pages: c.pages,
        title: c.title,
        ...(c.openEnded ? { openEnded: true } : {}),
        ...(c.part ? { part: c.part } : {}),
      })),
      retrieval: e.retrievalMode,
      generated: Boolean(e.answer.generated),
      latencyMs: Math.round(e.latencyMs),
    };
    this.append(record);
  }

  voted(e: VoteEvent): VoteOutcome {
    const user = e.senderId === null ? null : this.hasher.hash(e.channel, e.senderId);
    const outcome = this.ballot.cast(e.answerId, user ?? `chat:${this.hasher.hash(e.channel, e.chatId)}`, e.vote);
    if (outcome !== 'recorded') return outcome;
    const record: VoteRecord = { type: 'vote', at: this.now().toISOString(), answerId: e.answerId, channel: e.channel, user, vote: e.vote };
    this.append(record);
    return outcome;
  }

  problem(): string | null {
    return this.failure;
  }

  async close(): Promise<void> {
    const stream = this.stream;
    this.stream = null;
    if (stream) await new Promise<void>((resolve) => stream.end(() => resolve()));
  }

  private append(record: FeedbackRecord): void {
    this.open().write(JSON.stringify(record) + '\n');
  }

  private open(): RotatingFileStream {
    if (this.stream) return this.stream;
    const stream = createStream(FEEDBACK_FILE, {
      path: this.dir,
      size: `${Math.max(1, Math.round(this.settings.maxBytes / 1024))}K`,
      rotate: this.settings.files,
    });
    stream.on('error', (error: Error) => {
      // The stream is done for; the next record opens a new one.
      if (this.stream === stream) this.stream = null;
      if (this.failure === null)
        this.log.error('feedback log cannot be written; answers and votes go unrecorded', { error: error.message });
      this.failure = `feedback log in ${this.dir} not writable: ${error.message}`;
    });
    stream.on('open', () => {
      if (this.failure === null) return;
      this.failure = null;
      this.log.info('feedback log writable again', { dir: this.dir });
    });
    this.stream = stream;
    return stream;
  }
}

function pickIssue(issue: { year: number; number: number; total: number }) {
  return { year: issue.year, number: issue.number, total: issue.total };
}
