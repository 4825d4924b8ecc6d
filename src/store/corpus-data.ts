import type { Bulletin } from '../bulletin/types.js';
import type { Chunk } from '../ingest/chunk-types.js';

/** What answers need of a bulletin besides its chunks: cover, masthead and table of contents. */
export type BulletinSummary = Omit<Bulletin, 'articles'>;

export interface CorpusData {
  /** Sorted by issue date, oldest first. */
  bulletins: BulletinSummary[];
  chunks: Chunk[];
}

/** The per-file cache under INDEX_DIR/files: one parse and its chunks. */
export interface FileCache {
  bulletin: BulletinSummary;
  articles: number;
  chunks: Chunk[];
}

export function summarize(bulletin: Bulletin): BulletinSummary {
  const { articles: _articles, ...summary } = bulletin;
  return summary;
}
