import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { writeFileAtomic } from '../store/atomic.js';
import type { Logger } from '../util/log.js';
import { errorMessage } from '../util/app-error.js';
import { safeJson } from '../util/json-file.js';
import type { DamagedFiles } from '../state/damaged-files.js';
import { readStateFile, type StateFormat } from '../state/state-file.js';

/** A line of the state file: a delivery id and when it was taken. */
const seenLine = z.object({ id: z.string(), at: z.number() });

/** The store's lines: a torn last line from a crash is skipped, a file without one valid line is not this store. */
const SEEN_LINES: StateFormat<Array<[string, number]>> = {
  what: 'a list of delivery ids (JSON lines)',
  parse: (raw) => {
    const entries: Array<[string, number]> = [];
    let bad = 0;
    for (const line of raw.split('\n')) {
      if (!line.trim()) continue;
      const parsed = seenLine.safeParse(safeJson(line));
      if (parsed.success) entries.push([parsed.data.id, parsed.data.at]);
      else bad++;
    }
    if (bad > 0 && entries.length === 0) throw new Error(`none of its ${bad} lines is an entry`);
    return entries;
  },
};

/** Remembers which deliveries were taken, so that a re-delivery is not answered twice. */
export interface DeliveryLog {
  /**
   * Takes a delivery by its ids: true the first time, false when any id was seen before. The
   * check and the record happen together, before any await, so concurrent deliveries cannot both pass.
   */
  claim(...ids: string[]): boolean;
  /** Why the log is not as durable as it should be (null when all is well): shown in /healthz. */
  problem(): string | null;
  /** Waits for pending writes (before a shutdown). */
  flush(): Promise<void>;
}

/** Ids kept in memory only (Telegram: an update is re-sent only while the process runs). */
export class MemoryDeliveryLog implements DeliveryLog {
  private readonly seen: LRUCache<string, true>;

  constructor(max = 10_000, ttlMs = 24 * 3600_000) {
    this.seen = new LRUCache({ max, ttl: ttlMs });
  }

  claim(...ids: string[]): boolean {
    if (ids.some((id) => this.seen.has(id))) return false;
    for (const id of ids) this.seen.set(id, true);
    return true;
  }

  problem(): null {
    return null;
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Ids kept for `ttlMs` in memory and in a file, so that a re-delivery is recognised after a
 * restart too (Feishu retries an event for hours: the TTL must be longer). A file that cannot be
 * written is said once in the log and reported by `problem()`; de-duplication goes on in memory.
 * Not lru-cache: entries must be enumerable with their times to be written back to the file.
 */
export class SeenStore implements DeliveryLog {
  private readonly seen = new Map<string, number>();
  private writing: Promise<void> = Promise.resolve();
  private appended = 0;
  private failure: string | null = null;

  private constructor(
    private readonly file: string,
    private readonly ttlMs: number,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  static async open(
    file: string,
    ttlMs: number,
    log: Logger,
    now: () => number = () => Date.now(),
    damaged?: DamagedFiles,
  ): Promise<SeenStore> {
    const store = new SeenStore(file, ttlMs, log, now);
    try {
      await mkdir(path.dirname(file), { recursive: true });
    } catch (error) {
      store.failed(error);
    }
    const read = await readStateFile(file, SEEN_LINES, () => new Date(now()));
    if (read.kind === 'damaged')
      damaged?.report(read.damaged, 'a new store is started: a re-delivery of a message answered before may be answered again');
    for (const [id, at] of read.kind === 'ok' ? read.value : []) if (now() - at < ttlMs) store.seen.set(id, at);
    await store.compact();
    return store;
  }

  claim(...ids: string[]): boolean {
    const t = this.now();
    if (ids.some((k) => this.isSeen(k, t))) return false;
    for (const k of ids) this.seen.set(k, t);
    const lines = ids.map((id) => JSON.stringify({ id, at: t }) + '\n').join('');
    this.write(() => appendFile(this.file, lines));
    if (++this.appended > 5000) void this.compact();
    return true;
  }

  problem(): string | null {
    return this.failure;
  }

  flush(): Promise<void> {
    return this.writing;
  }

  private isSeen(id: string, t: number): boolean {
    const at = this.seen.get(id);
    if (at === undefined) return false;
    if (t - at >= this.ttlMs) {
      this.seen.delete(id);
      return false;
    }
    return true;
  }

  /** Rewrites the file with the live entries only. */
  private compact(): Promise<void> {
    this.appended = 0;
    const t = this.now();
    const lines = [...this.seen].filter(([, at]) => t - at < this.ttlMs).map(([id, at]) => JSON.stringify({ id, at }) + '\n');
    this.write(() => writeFileAtomic(this.file, lines.join('')));
    return this.writing;
  }

  private write(work: () => Promise<void>): void {
    this.writing = this.writing.then(work).then(
      () => this.recovered(),
      (error: unknown) => this.failed(error),
    );
  }

  private failed(error: unknown): void {
    const cause = errorMessage(error);
    if (this.failure === null)
      this.log.error('state store cannot be written; re-deliveries are recognised until a restart only', { file: this.file, error: cause });
    this.failure = `state store ${this.file} not writable: ${cause}`;
  }

  private recovered(): void {
    if (this.failure === null) return;
    this.failure = null;
    this.log.info('state store writable again', { file: this.file });
    // What was taken while the file could not be written is in memory only: write it all back.
    void this.compact();
  }
}
