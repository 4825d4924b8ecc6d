import type { Config } from '../config/schema.js';
import type { Cover, TocEntry } from '../domain/bulletin.js';
import type { ClaimedIssue } from '../bulletin/claimed-issue.js';
import type { IngestReport } from '../ingest/ingest.js';

/** Work done in the ingest process (src/server/ingest-child.ts), away from the event loop that answers. */
export type IngestJob =
  /** `rehash`: files hashed whatever their times say (an upload just written). */
  { kind: 'ingest'; config: Config; rehash: string[] } | { kind: 'parse'; file: string; name: string; ocrMaxPages: number };

/** A bulletin file read and parsed, before anything is stored. */
export interface ParsedFile {
  cover: Cover;
  toc: TocEntry[];
  articles: number;
  /** Things worth saying that did not stop the parse (a title on another page than the TOC says). */
  warnings: string[];
  /** What the conversion wants said (how a PDF's pages were numbered, pages read by OCR). */
  notes: string[];
}

export type JobResult = { kind: 'ingest'; report: IngestReport } | { kind: 'parse'; parsed: ParsedFile };

/** Messages from the ingest process. */
export type ChildMessage =
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> }
  | { type: 'done'; result: JobResult }
  /** `parse`: the file is no bulletin (the error says why); `claimed`: the issue its cover names nonetheless. */
  | { type: 'failed'; error: string; parse: boolean; claimed?: ClaimedIssue | null };
