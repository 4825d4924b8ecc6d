import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../store/atomic.js';

/**
 * Ids of events already taken, kept for `ttlMs` in memory and in a file, so that a re-delivery
 * is recognised after a restart too. Feishu retries an event for hours: the TTL must be longer.
 */
export class SeenStore {
  private readonly seen = new Map<string, number>();
  private writing: Promise<void> = Promise.resolve();
  private appended = 0;

  private constructor(
    private readonly file: string,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  static async open(file: string, ttlMs: number, now: () => number = Date.now): Promise<SeenStore> {
    const store = new SeenStore(file, ttlMs, now);
    await mkdir(path.dirname(file), { recursive: true });
    const raw = await readFile(file, 'utf8').catch(() => '');
    for (const line of raw.split('\n')) {
      try {
        const { id, at } = JSON.parse(line) as { id: string; at: number };
        if (typeof id === 'string' && typeof at === 'number' && now() - at < ttlMs) store.seen.set(id, at);
      } catch {
        // A torn last line from a crash: skip it.
      }
    }
    await store.compact();
    return store;
  }

  /**
   * Takes an event by its ids: true the first time, false when any id was seen before. The check
   * and the record happen together, before any await, so concurrent deliveries cannot both pass.
   */
  claim(...ids: Array<string | null | undefined>): boolean {
    const t = this.now();
    const keys = ids.filter((x): x is string => Boolean(x));
    if (keys.some((k) => this.isSeen(k, t))) return false;
    for (const k of keys) this.seen.set(k, t);
    const lines = keys.map((id) => JSON.stringify({ id, at: t }) + '\n').join('');
    this.writing = this.writing.then(() => appendFile(this.file, lines)).catch(() => {});
    if (++this.appended > 5000) void this.compact();
    return true;
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
  private async compact(): Promise<void> {
    this.appended = 0;
    const t = this.now();
    const lines = [...this.seen].filter(([, at]) => t - at < this.ttlMs).map(([id, at]) => JSON.stringify({ id, at }) + '\n');
    this.writing = this.writing.then(() => writeFileAtomic(this.file, lines.join(''))).catch(() => {});
    await this.writing;
  }

  /** Waits for pending writes (before a shutdown). */
  flush(): Promise<void> {
    return this.writing;
  }
}
