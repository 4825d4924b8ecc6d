import type { BulletinSummary } from '../domain/corpus.js';

/** A generation's catalogue (`corpus-<generation>.json`): the indexed files in corpus order, with their covers and TOCs. */
export interface Catalogue {
  files: string[];
  bulletins: BulletinSummary[];
}
