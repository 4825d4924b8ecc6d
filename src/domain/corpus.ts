import type { Bulletin } from './bulletin.js';
import type { Chunk } from './chunk.js';

/** What answers need of a bulletin besides its chunks: cover, masthead and table of contents. */
export type BulletinSummary = Omit<Bulletin, 'articles'>;

export interface CorpusData {
  /** Sorted by issue date, oldest first. */
  bulletins: BulletinSummary[];
  /** Chunk i is keyword document i (and dense label i). */
  chunks: Chunk[];
}

export function summarize(bulletin: Bulletin): BulletinSummary {
  const { articles: _articles, ...summary } = bulletin;
  return summary;
}
