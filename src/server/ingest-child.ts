import { readFile } from 'node:fs/promises';
import { BulletinParseError } from '../bulletin/parse-error.js';
import { parseBulletin } from '../bulletin/parse.js';
import { claimedIssue, type ClaimedIssue } from '../bulletin/claimed-issue.js';
import { bulletinText } from '../ingest/bulletin-text.js';
import { ingest } from '../ingest/ingest.js';
import { denseDeps, loadEmbedder } from '../app/retrieval.js';
import type { Logger } from '../util/log.js';
import type { ChildMessage, IngestJob, JobResult } from './ingest-jobs.js';
import { AppError } from '../util/app-error.js';

/**
 * The ingest process: one job (an ingest of BULLETINS_DIR, or the parse of one uploaded file),
 * its result sent back, then exit. Parsing a PDF and embedding hold the CPU for seconds at a time;
 * here they cannot delay an answer, and a file that exhausts memory takes only this process down.
 */
const send = (m: ChildMessage) => process.send!(m);
const log: Logger = Object.fromEntries(
  (['debug', 'info', 'warn', 'error'] as const).map((level) => [
    level,
    (message: string, fields?: Record<string, unknown>) => send({ type: 'log', level, message, fields }),
  ]),
) as unknown as Logger;

async function run(job: IngestJob): Promise<JobResult> {
  if (job.kind === 'ingest') {
    const { config } = job;
    const embedder = await loadEmbedder(config, log);
    const report = await ingest(
      { corpusDir: config.BULLETINS_DIR, indexDir: config.INDEX_DIR },
      { log, dense: denseDeps(config, embedder) },
    );
    return { kind: 'ingest', report };
  }
  const bytes = await readFile(job.file);
  const { text, notes } = await bulletinText({ name: job.name, bytes });
  let bulletin;
  try {
    bulletin = parseBulletin(job.name, text);
  } catch (error) {
    // The cover may still say which issue the file was meant to be (the admin is told that issue stays served).
    if (error instanceof BulletinParseError) throw new UnparsedUpload(error.message, claimedIssue(job.name, text));
    throw error;
  }
  return {
    kind: 'parse',
    parsed: { cover: bulletin.cover, toc: bulletin.toc, articles: bulletin.articles.length, warnings: bulletin.warnings, notes },
  };
}

/** A parse error with the issue the file's cover names, if it names one. */
class UnparsedUpload extends AppError {
  constructor(
    message: string,
    readonly claimed: ClaimedIssue | null,
  ) {
    super(message);
  }
}

process.once('message', (job: IngestJob) => {
  run(job)
    .then((result) => send({ type: 'done', result }))
    .catch((error: unknown) =>
      send({
        type: 'failed',
        error: error instanceof Error ? error.message : String(error),
        parse: error instanceof BulletinParseError || error instanceof UnparsedUpload,
        claimed: error instanceof UnparsedUpload ? error.claimed : null,
      }),
    )
    .finally(() => process.disconnect());
});
