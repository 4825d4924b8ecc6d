import type { Config } from '../config/schema.js';
import type { CorpusData } from '../domain/corpus.js';
import type { Manifest } from '../store/manifest.js';
import type { Logger } from '../util/log.js';
import { PageCache } from './page-cache.js';
import { PageRenderer, type JobRunner } from './renderer.js';
import { originalsCacheDir, OriginalsViewer } from './viewer.js';

export interface Originals {
  viewer: OriginalsViewer;
  /** The renderer process; null when the jobs run where they are asked (`inProcess`). */
  renderer: PageRenderer | null;
  /** Stops the renderer process. */
  close(): Promise<void>;
}

/**
 * The page viewer over the index being served, with its disk cache under STATE_DIR and the
 * renderer process (started on the first page asked for). Tests whose subject is not the process
 * boundary give `inProcess` (a PdfWorkbench): the same work, done in their own process.
 */
export async function openOriginals(
  config: Pick<Config, 'STATE_DIR' | 'BULLETINS_DIR' | 'PAGE_IMAGE_WIDTH' | 'PAGE_CACHE_MB'>,
  log: Logger,
  index: { corpus: () => CorpusData; manifest: () => Manifest },
  inProcess?: JobRunner,
): Promise<Originals> {
  const cache = await PageCache.open(originalsCacheDir(config.STATE_DIR), config.PAGE_CACHE_MB * 1048576, log);
  const renderer = inProcess ? null : new PageRenderer(log);
  const viewer = new OriginalsViewer({
    ...index,
    bulletinsDir: config.BULLETINS_DIR,
    cache,
    renderer: renderer ?? inProcess!,
    width: config.PAGE_IMAGE_WIDTH,
    log,
  });
  return { viewer, renderer, close: async () => renderer?.close() };
}
