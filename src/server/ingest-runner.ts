import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ClaimedIssue } from '../bulletin/claimed-issue.js';
import type { Config } from '../config/schema.js';
import type { IngestReport } from '../ingest/ingest.js';
import { failureLogLine, type FailedFile } from '../ingest/kept.js';
import type { Logger } from '../util/log.js';
import type { ChildMessage, IngestJob, JobResult, ParsedFile } from './ingest-jobs.js';
import { AppError, errorMessage } from '../util/app-error.js';

/** The last background ingest, for /healthz. */
export interface LastIngest {
  at: string;
  reason: string;
  seconds: number;
  /** ok: every file indexed; partial: some files failed to parse (named in `failed`); failed: nothing was written. */
  result: 'ok' | 'partial' | 'failed';
  /** Whether a new index was written. */
  changed: boolean;
  issues: number;
  added: string[];
  updated: string[];
  removed: string[];
  /** Files not indexed as they are now; `kept` names the earlier version still served. */
  failed: FailedFile[];
  error?: string;
}

/** A file that does not parse as a bulletin; the message says why (for the admin who sent it). */
export class UploadParseError extends AppError {
  override readonly name = 'UploadParseError';
  constructor(
    message: string,
    /** The issue the file's cover names, when its cover could be read. */
    readonly claimed: ClaimedIssue | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Ingest takes this long at most (OCR of a long scanned PDF is the slow case). */
const INGEST_TIMEOUT_MS = 30 * 60_000;
const PARSE_TIMEOUT_MS = 10 * 60_000;

/**
 * Does one job and resolves with its result, or rejects (with UploadParseError for a file that is
 * no bulletin). By default a child process does it; tests whose subject is not the process boundary
 * pass `runIngestJob` (./ingest-job.ts), which does the same work in their own process.
 */
export type IngestJobRunner = (job: IngestJob, log: Logger) => Promise<JobResult>;

const CHILD = fileURLToPath(new URL(`./ingest-child${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

/**
 * Runs ingests and upload parses in child processes. Measured in-process, the ingest of a 9-page
 * PDF held the event loop for up to 1 s at a time (longer PDFs and the real embedding model hold it
 * longer), so every answer waited; in a child the answering process only loads the finished index.
 * Ingests run one at a time; an ingest asked for while one runs is done once more after it
 * (changes that came in meanwhile are not lost), and several such requests make one run. Upload
 * parses have a queue and a process of their own: an upload's scanned PDF (OCR, seconds a page)
 * does not hold back the ingest of a file copied into the folder, nor the other way round.
 */
export class IngestRunner {
  private ingestQueue: Promise<unknown> = Promise.resolve();
  private parseQueue: Promise<unknown> = Promise.resolve();
  private nextIngest: { run: Promise<LastIngest>; rehash: Set<string> } | null = null;
  private readonly children = new Set<ReturnType<typeof fork>>();
  private lastIngest: LastIngest | null = null;
  private ingesting = false;
  private stopped = false;

  constructor(
    private readonly config: Config,
    private readonly log: Logger,
    /** Called after every ingest that wrote an index (the service switches to it). */
    private readonly onIndexed: (report: IngestReport) => Promise<void>,
    /** Where jobs run: in a new ingest process each unless given (tests whose subject is not the process). */
    private readonly runJob?: IngestJobRunner,
  ) {}

  get last(): LastIngest | null {
    return this.lastIngest;
  }

  get running(): boolean {
    return this.ingesting;
  }

  /** The ingest done at start-up (in the service's own process, before anything is answered). */
  recordStartup(r: IngestReport): void {
    this.lastIngest = lastIngestOf(r, new Date().toISOString(), 'start-up', r.seconds);
  }

  /**
   * Brings the index up to date with BULLETINS_DIR; resolves with how that went (never rejects).
   * `rehash` names files (relative to BULLETINS_DIR) whose content is hashed whatever their times say.
   */
  ingest(reason: string, options: { rehash?: readonly string[] } = {}): Promise<LastIngest> {
    if (this.nextIngest) {
      for (const name of options.rehash ?? []) this.nextIngest.rehash.add(name);
      return this.nextIngest.run;
    }
    const rehash = new Set(options.rehash ?? []);
    const run = this.ingestQueue.then(async () => {
      this.nextIngest = null;
      return this.runIngest(reason, [...rehash]);
    });
    this.ingestQueue = run.catch(() => undefined);
    this.nextIngest = { run, rehash };
    return run;
  }

  /** Reads and parses one file without storing anything; rejects with UploadParseError when it is no bulletin. */
  parse(file: string, name: string): Promise<ParsedFile> {
    const work = async () => {
      const result = await this.runChild({ kind: 'parse', file, name, ocrMaxPages: this.config.OCR_MAX_PAGES }, PARSE_TIMEOUT_MS);
      if (result.kind !== 'parse') throw new Error('ingest process answered another job');
      return result.parsed;
    };
    const next = this.parseQueue.then(work, work);
    this.parseQueue = next.catch(() => undefined);
    return next;
  }

  /** Stops the jobs under way (index files are written atomically: nothing half-written stays). */
  stop(): void {
    this.stopped = true;
    for (const child of this.children) child.kill('SIGTERM');
  }

  private async runIngest(reason: string, rehash: string[]): Promise<LastIngest> {
    const started = performance.now();
    const at = new Date().toISOString();
    this.ingesting = true;
    let last: LastIngest;
    try {
      const result = await this.runChild({ kind: 'ingest', config: this.config, rehash }, INGEST_TIMEOUT_MS);
      if (result.kind !== 'ingest') throw new Error('ingest process answered another job');
      const r = result.report;
      last = lastIngestOf(r, at, reason, (performance.now() - started) / 1000);
      for (const f of r.failed) this.log.warn(...failureLogLine(f));
      this.log.info('background ingest done', { reason, ...summary(last) });
      if (r.changed) await this.onIndexed(r);
    } catch (error) {
      const message = errorMessage(error);
      last = {
        at,
        reason,
        seconds: round((performance.now() - started) / 1000),
        result: 'failed',
        changed: false,
        issues: 0,
        added: [],
        updated: [],
        removed: [],
        failed: [],
        error: message,
      };
      this.log.error('background ingest failed; still serving the previous index', { reason, error: message });
    }
    this.ingesting = false;
    this.lastIngest = last;
    return last;
  }

  private runChild(job: IngestJob, timeoutMs: number): Promise<JobResult> {
    if (this.stopped) return Promise.reject(new Error('the service is stopping'));
    if (this.runJob) return this.runJob(job, this.log);
    const loader = CHILD.endsWith('.ts') ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
    const child = fork(CHILD, [], { execArgv: loader, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    this.children.add(child);
    // Progress lines and library warnings of the child: kept for debugging, never on our stderr.
    for (const stream of [child.stdout, child.stderr])
      stream?.on('data', (d: Buffer) => {
        for (const line of d.toString('utf8').split('\n')) if (line.trim()) this.log.debug(`ingest process: ${line.trim()}`);
      });
    return new Promise<JobResult>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        finish(new Error(`the ingest process took longer than ${timeoutMs / 60_000} min and was stopped`));
        child.kill('SIGKILL');
      }, timeoutMs);
      const finish = (error: Error | null, result?: JobResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.children.delete(child);
        if (error) reject(error);
        else resolve(result!);
      };
      child.on('message', (m: ChildMessage) => {
        if (m.type === 'log') this.log[m.level](m.message, m.fields);
        else if (m.type === 'done') finish(null, m.result);
        else finish(m.parse ? new UploadParseError(m.error, m.claimed ?? null) : new Error(m.error));
      });
      child.on('error', (error) => finish(error));
      child.on('exit', (code, signal) => finish(new Error(`the ingest process exited (${signal ?? `status ${code}`}) before it was done`)));
      child.send(job);
    });
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function summary(l: LastIngest): Record<string, unknown> {
  return {
    seconds: l.seconds,
    result: l.result,
    changed: l.changed,
    issues: l.issues,
    added: l.added.length,
    updated: l.updated.length,
    removed: l.removed.length,
    failed: l.failed.length,
  };
}

/** What /healthz and the log say of an ingest that ran to its end. */
function lastIngestOf(r: IngestReport, at: string, reason: string, seconds: number): LastIngest {
  return {
    at,
    reason,
    seconds: round(seconds),
    result: r.failed.length ? 'partial' : 'ok',
    changed: r.changed,
    issues: r.issues,
    added: r.added,
    updated: r.updated,
    removed: r.removed,
    failed: r.failed,
  };
}
