import type { Bulletin } from '../bulletin/types.js';
import type { Chunk } from '../ingest/chunk-types.js';

/** What answers need of a bulletin besides its chunks: cover, masthead and table of contents. */
export type BulletinSummary = Omit<Bulletin, 'articles'>;

export interface CorpusData {
  /** Sorted by issue date, oldest first. */
  bulletins: BulletinSummary[];
  /** Chunk i is keyword document i (and dense label i). */
  chunks: Chunk[];
}

/** A generation's catalogue (`corpus-<generation>.json`): the indexed files in corpus order, with their covers and TOCs. */
export interface Catalogue {
  files: string[];
  bulletins: BulletinSummary[];
}

export function summarize(bulletin: Bulletin): BulletinSummary {
  const { articles: _articles, ...summary } = bulletin;
  return summary;
}
