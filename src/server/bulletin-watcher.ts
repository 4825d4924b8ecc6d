import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { BULLETIN_EXTENSIONS } from '../ingest/corpus.js';
import type { Logger } from '../util/log.js';
import { errorMessage } from '../util/app-error.js';

/** A file is taken as written once its size has not changed for this long (a PDF being copied in grows for a while). */
const WRITE_SETTLED_MS = 1000;

/**
 * Watches BULLETINS_DIR (chokidar) and reports bulletin files added, changed or removed once the
 * folder has been quiet for `debounceMs`, so that copying in several files makes one ingest.
 * Hidden files (an upload being written, an editor's swap file) and other types are not reported.
 */
export class BulletinWatcher {
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly changes = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly debounceMs: number,
    private readonly onChange: (files: string[]) => void,
    private readonly log: Logger,
  ) {}

  /** Resolves once the folder is being watched. */
  start(): Promise<void> {
    const watcher = watch(this.dir, {
      ignoreInitial: true,
      awaitWriteFinish: { stabilityThreshold: WRITE_SETTLED_MS, pollInterval: 100 },
      ignored: (file, stats) =>
        path.basename(file).startsWith('.') ||
        (stats?.isFile() === true && !BULLETIN_EXTENSIONS.includes(path.extname(file).toLowerCase())),
    });
    this.watcher = watcher;
    for (const event of ['add', 'change', 'unlink'] as const)
      watcher.on(event, (file: string) => {
        if (!BULLETIN_EXTENSIONS.includes(path.extname(file).toLowerCase())) return;
        this.changes.add(`${event} ${path.relative(this.dir, file)}`);
        this.schedule();
      });
    watcher.on('error', (error) => this.log.warn('bulletin folder watcher failed', { error: errorMessage(error) }));
    return new Promise((resolve) => watcher.once('ready', () => resolve()));
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.watcher?.close();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      const files = [...this.changes];
      this.changes.clear();
      this.onChange(files);
    }, this.debounceMs);
  }
}
