import { mkdir, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { writeFileAtomic } from '../store/atomic.js';
import type { Logger } from '../util/log.js';
import { errorMessage } from '../util/app-error.js';

/** A cache key is a file name: letters, digits, dots, dashes and underscores, no path. */
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;

/**
 * Rendered pages and cut articles on disk (under STATE_DIR), bounded by their total size: the
 * least recently used files go first (lru-cache counting bytes, which deletes the file of an entry
 * it drops). The order survives restarts through the files' modification times, refreshed on use.
 * Files are written atomically, so a reader never sees half a PNG. A cache that cannot be written
 * only costs speed: failures are logged and the caller renders again.
 */
export class PageCache {
  private constructor(
    private readonly dir: string,
    private readonly entries: LRUCache<string, { size: number }>,
    /** Files of entries just dropped, being deleted: waited for before a put returns. */
    private readonly removals: Array<Promise<void>>,
    private readonly log: Logger,
  ) {}

  static async open(dir: string, maxBytes: number, log: Logger): Promise<PageCache> {
    const removals: Array<Promise<void>> = [];
    const entries = new LRUCache<string, { size: number }>({
      maxSize: maxBytes,
      sizeCalculation: (v) => Math.max(1, v.size),
      // Only a dropped entry loses its file: a key set again keeps the file just written.
      dispose: (_v, key, reason) => {
        if (reason === 'evict' || reason === 'delete')
          removals.push(
            rm(path.join(dir, key), { force: true }).catch((error: unknown) =>
              log.warn('page cache: could not delete a file', { file: key, error: errorMessage(error) }),
            ),
          );
      },
    });
    const cache = new PageCache(dir, entries, removals, log);
    await mkdir(dir, { recursive: true }).catch((error: unknown) =>
      log.warn('page cache: folder cannot be created; pages are rendered every time', { dir, error: errorMessage(error) }),
    );
    const files = await readdir(dir).catch(() => [] as string[]);
    const found = await Promise.all(
      files
        .filter((f) => KEY.test(f))
        .map(async (f) => {
          const s = await stat(path.join(dir, f)).catch(() => null);
          return s?.isFile() ? { f, size: s.size, at: s.mtimeMs } : null;
        }),
    );
    // Oldest first, so that the most recently used end up most recent in the LRU.
    for (const e of found.filter((x) => x !== null).sort((a, b) => a.at - b.at)) entries.set(e.f, { size: e.size });
    await cache.settle();
    return cache;
  }

  /** Bytes held. */
  get size(): number {
    return this.entries.calculatedSize;
  }

  async get(key: string): Promise<Buffer | null> {
    if (!KEY.test(key) || !this.entries.get(key)) return null;
    const file = path.join(this.dir, key);
    try {
      const bytes = await readFile(file);
      const now = new Date();
      void utimes(file, now, now).catch(() => undefined);
      return bytes;
    } catch {
      // Deleted behind our back: forget it.
      this.entries.delete(key);
      return null;
    }
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    if (!KEY.test(key)) throw new Error(`page cache: not a cache key: ${key}`);
    try {
      await writeFileAtomic(path.join(this.dir, key), bytes);
    } catch (error) {
      this.log.warn('page cache: could not write', { file: key, error: errorMessage(error) });
      return;
    }
    this.entries.set(key, { size: bytes.byteLength });
    // Larger than the whole cache: lru-cache does not keep it, so neither does the disk.
    if (!this.entries.has(key)) await rm(path.join(this.dir, key), { force: true }).catch(() => undefined);
    await this.settle();
  }

  private async settle(): Promise<void> {
    await Promise.all(this.removals.splice(0));
  }
}
