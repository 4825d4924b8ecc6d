import { readFile } from 'node:fs/promises';
import { BulletinParseError } from '../bulletin/parse-error.js';
import { parseBulletin } from '../bulletin/parse.js';
import { claimedIssue } from '../bulletin/claimed-issue.js';
import { bulletinText } from '../ingest/bulletin-text.js';
import { ingest } from '../ingest/ingest.js';
import { denseDeps, loadEmbedder } from '../app/retrieval.js';
import type { Logger } from '../util/log.js';
import type { IngestJob, JobResult } from './ingest-jobs.js';
import { UploadParseError } from './ingest-runner.js';

/**
 * One ingest job (an ingest of BULLETINS_DIR, or the parse of one uploaded file), done in the
 * calling process: the ingest process runs it (./ingest-child.ts), and so do tests whose subject is
 * not the process boundary. A file that is no bulletin rejects with UploadParseError, naming the
 * issue its cover claims when the cover can be read.
 */
export async function runIngestJob(job: IngestJob, log: Logger): Promise<JobResult> {
  if (job.kind === 'ingest') {
    const { config } = job;
    const embedder = await loadEmbedder(config, log);
    const report = await ingest(
      { corpusDir: config.BULLETINS_DIR, indexDir: config.INDEX_DIR, rehash: job.rehash, ocrMaxPages: config.OCR_MAX_PAGES },
      { log, dense: denseDeps(config, embedder) },
    );
    return { kind: 'ingest', report };
  }
  const bytes = await readFile(job.file);
  let text: string;
  let notes: string[];
  try {
    ({ text, notes } = await bulletinText({ name: job.name, bytes }, { ocrMaxPages: job.ocrMaxPages }));
  } catch (error) {
    if (error instanceof BulletinParseError) throw new UploadParseError(error.message, null, { cause: error });
    throw error;
  }
  let bulletin;
  try {
    bulletin = parseBulletin(job.name, text);
  } catch (error) {
    // The cover may still say which issue the file was meant to be (the admin is told that issue stays served).
    if (error instanceof BulletinParseError) throw new UploadParseError(error.message, claimedIssue(job.name, text), { cause: error });
    throw error;
  }
  return {
    kind: 'parse',
    parsed: { cover: bulletin.cover, toc: bulletin.toc, articles: bulletin.articles.length, warnings: bulletin.warnings, notes },
  };
}
