import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from '../util/log.js';
import type { ChildMessage, JobResult, ParentMessage, RenderJob } from './render-jobs.js';
import { OriginalUnavailableError } from './types.js';

export interface RendererOptions {
  /** A job that takes longer is given up and the process restarted (OCR of a scanned page takes ≈8 s). */
  jobTimeoutMs?: number;
  /** Jobs waiting beyond this many are refused as busy (a user pressing again and again). */
  maxWaiting?: number;
  /** The process exits after this long without work; the next job starts a new one (≈1–3 s). */
  idleMs?: number;
}

const DEFAULTS: Required<RendererOptions> = { jobTimeoutMs: 90_000, maxWaiting: 8, idleMs: 10 * 60_000 };

const CHILD = fileURLToPath(new URL(`./render-child${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

/** Runs a job somewhere: the renderer process in the service, the workbench itself in a test. */
export interface JobRunner {
  run(job: RenderJob): Promise<JobResult>;
  /** Starts what runs the jobs ahead of the first one, if it takes time to start. */
  warm?(): void;
}

/**
 * The renderer process, seen from the service: started on the first job, given one job at a time,
 * restarted after a crash or a job that overruns, and stopped when idle. Failures come back as
 * OriginalUnavailableError, never as a crash of the service.
 */
export class PageRenderer implements JobRunner {
  private child: ChildProcess | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  private nextId = 1;
  private readonly replies = new Map<number, (m: ChildMessage | Error) => void>();
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly options: Required<RendererOptions>;
  private closed = false;

  constructor(
    private readonly log: Logger,
    options: RendererOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  run(job: RenderJob): Promise<JobResult> {
    if (this.closed) return Promise.reject(new OriginalUnavailableError('failed', 'the renderer is stopped'));
    if (this.waiting >= this.options.maxWaiting)
      return Promise.reject(new OriginalUnavailableError('busy', `${this.waiting} render jobs are waiting`));
    this.waiting++;
    const next = this.queue.then(() => this.runNow(job)).finally(() => this.waiting--);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Starts the process ahead of a job (≈1–1.5 s of loading pdfjs and the canvas that the first
   * press would otherwise wait for); it stops again when idle.
   */
  warm(): void {
    if (this.closed || this.child) return;
    this.ensureChild();
    this.armIdleTimer();
  }

  /** The renderer process's peak resident memory so far, in bytes (null when none is running). */
  async peakMemory(): Promise<number | null> {
    if (!this.child) return null;
    const reply = await this.ask({ type: 'usage', id: this.nextId++ }, 10_000);
    return reply.type === 'usage' ? reply.maxRssBytes : null;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopChild();
  }

  private async runNow(job: RenderJob): Promise<JobResult> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    try {
      const reply = await this.ask({ type: 'job', id: this.nextId++, job }, this.options.jobTimeoutMs);
      if (reply.type === 'failed') throw new OriginalUnavailableError(reply.problem, reply.detail);
      if (reply.type !== 'done') throw new OriginalUnavailableError('failed', 'the renderer answered something else');
      return reply.result;
    } finally {
      this.armIdleTimer();
    }
  }

  private armIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stopChild(), this.options.idleMs);
    this.idleTimer.unref();
  }

  private ask(message: ParentMessage, timeoutMs: number): Promise<ChildMessage> {
    const child = this.ensureChild();
    return new Promise<ChildMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.replies.delete(message.id);
        reject(new OriginalUnavailableError('failed', `the renderer took longer than ${timeoutMs / 1000} s; restarting it`));
        this.stopChild();
      }, timeoutMs);
      this.replies.set(message.id, (reply) => {
        clearTimeout(timer);
        this.replies.delete(message.id);
        if (reply instanceof Error) reject(reply);
        else resolve(reply);
      });
      child.send(message);
    });
  }

  private ensureChild(): ChildProcess {
    if (this.child) return this.child;
    const loader = CHILD.endsWith('.ts') ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
    const child = fork(CHILD, [], { execArgv: loader, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
    this.child = child;
    // Library warnings of the child: kept for debugging, never on our stderr.
    for (const stream of [child.stdout, child.stderr])
      stream?.on('data', (d: Buffer) => {
        for (const line of d.toString('utf8').split('\n')) if (line.trim()) this.log.debug(`renderer process: ${line.trim()}`);
      });
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'log') return this.log[m.level](m.message, m.fields);
      this.replies.get(m.id)?.(m);
    });
    const gone = (why: string) => {
      if (this.child === child) this.child = null;
      for (const reply of [...this.replies.values()]) reply(new OriginalUnavailableError('failed', `the renderer process ${why}`));
    };
    child.on('error', (error) => {
      this.log.error('renderer process failed', { error: error.message });
      gone(`failed: ${error.message}`);
    });
    child.on('exit', (code, signal) => {
      if (!this.closed && this.replies.size) this.log.warn('renderer process exited during a job', { code, signal });
      gone(`exited (${signal ?? `status ${code}`})`);
    });
    return child;
  }

  private stopChild(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null) child.kill('SIGTERM');
  }
}
