import { errorMessage } from '../util/app-error.js';
import type { Logger } from '../util/log.js';
import type { ChildMessage, IngestJob } from './ingest-jobs.js';
import { runIngestJob } from './ingest-job.js';
import { UploadParseError } from './ingest-runner.js';

/**
 * The ingest process: one job, its result sent back, then exit. Parsing a PDF and embedding hold
 * the CPU for seconds at a time; here they cannot delay an answer, and a file that exhausts memory
 * takes only this process down.
 */
const send = (m: ChildMessage) => process.send!(m);
const log: Logger = Object.fromEntries(
  (['debug', 'info', 'warn', 'error'] as const).map((level) => [
    level,
    (message: string, fields?: Record<string, unknown>) => send({ type: 'log', level, message, fields }),
  ]),
) as unknown as Logger;

process.once('message', (job: IngestJob) => {
  runIngestJob(job, log)
    .then((result) => send({ type: 'done', result }))
    .catch((error: unknown) =>
      send({
        type: 'failed',
        error: errorMessage(error),
        parse: error instanceof UploadParseError,
        claimed: error instanceof UploadParseError ? error.claimed : null,
      }),
    )
    .finally(() => process.disconnect());
});
