import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '../util/log.js';
import type { Manifest } from '../store/manifest.js';
import { MANIFEST_FILE } from '../store/manifest.js';
import { readManifest } from '../store/load-index.js';
import { errorMessage } from '../util/app-error.js';

/**
 * Switches the service to a new index when `ingest` writes one: the manifest is the last file
 * ingest renames into place, and every file it names is already complete, so a new manifest means
 * a complete index. Reloads are serialised; a failed one keeps the index being served.
 */
export class IndexWatcher {
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private failure: string | null = null;

  constructor(
    private readonly indexDir: string,
    private readonly current: () => Manifest,
    private readonly reload: () => Promise<Manifest>,
    private readonly log: Logger,
    private readonly debounceMs = 300,
  ) {}

  start(): void {
    try {
      this.watcher = watch(this.indexDir, (_event, file) => {
        if (file === null || String(file) === MANIFEST_FILE) this.schedule('index changed on disk');
      });
      this.watcher.on('error', (error) => this.log.warn('index watcher failed; SIGHUP still reloads', { error: error.message }));
    } catch (error) {
      this.log.warn('cannot watch the index folder; SIGHUP reloads', { error: errorMessage(error) });
    }
  }

  /** Why the index on disk is not the one served (the last reload failed), or null. */
  problem(): string | null {
    return this.failure;
  }

  stop(): void {
    this.watcher?.close();
    if (this.timer) clearTimeout(this.timer);
  }

  schedule(reason: string): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(reason), this.debounceMs);
  }

  /** Reloads when the manifest on disk names another index generation than the one served. */
  check(reason: string, force = false): Promise<void> {
    this.running = this.running.then(async () => {
      try {
        const onDisk = await readManifest(this.indexDir);
        const served = this.current();
        if (
          !force &&
          onDisk.corpusFile === served.corpusFile &&
          JSON.stringify(onDisk.dense ?? null) === JSON.stringify(served.dense ?? null)
        )
          return;
        const next = await this.reload();
        this.failure = null;
        this.log.info('switched to the new index', { reason, builtAt: next.builtAt, issues: Object.keys(next.files).length });
      } catch (error) {
        this.failure = `the index on disk could not be loaded (${errorMessage(error)}); still serving the previous one`;
        this.log.error('index reload failed; still serving the previous index', { reason, error: errorMessage(error) });
      }
    });
    return this.running;
  }
}
