import type { FailedFile } from './kept.js';

/** What an ingest did: for the `ingest` summary, the service's log and /healthz, and the reply to an upload. */
export interface IngestReport {
  issues: number;
  articles: number;
  chunks: number;
  seconds: number;
  /** False when the corpus and settings matched the index and nothing was written. */
  changed: boolean;
  added: string[];
  updated: string[];
  removed: string[];
  unchanged: string[];
  /** Files whose content now is not indexed (a parse error, a second file of one issue), by name; `kept` when the version indexed before is still served. */
  failed: FailedFile[];
  /** 'hybrid' when a dense index was built or kept alongside the keyword index. */
  retrieval: 'hybrid' | 'keyword';
  /** Chunks embedded in this run (0 when every vector was already stored). */
  embedded: number;
  /** Of those, chunks longer than the model reads (maxTokens): each is named in the log, and its vector covers only its beginning. */
  overlong: number;
}

export function emptyReport(): IngestReport {
  return {
    issues: 0,
    articles: 0,
    chunks: 0,
    seconds: 0,
    changed: false,
    added: [],
    updated: [],
    removed: [],
    unchanged: [],
    failed: [],
    retrieval: 'keyword',
    embedded: 0,
    overlong: 0,
  };
}
