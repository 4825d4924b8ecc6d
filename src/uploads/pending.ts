import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ParsedFile } from '../server/ingest-jobs.js';
import type { DamagedFiles } from '../state/damaged-files.js';
import { jsonFormat, readStateFile, writeStateFile } from '../state/state-file.js';
import type { Logger } from '../util/log.js';
import { errorMessage } from '../util/app-error.js';

/** An upload that parsed and names an issue already there, waiting for the admin's choice. */
export interface PendingChoice {
  token: string;
  channel: string;
  chatId: string;
  /** Who sent the file: they (or another admin of the channel) may choose. */
  senderId: string;
  /** The staged file, under the staging folder. */
  staged: string;
  /** The file name it is stored under in BULLETINS_DIR (from its cover). */
  target: string;
  sha256: string;
  parsed: ParsedFile;
  /** ms since the epoch. */
  expiresAt: number;
}

/** The file under the staging folder that keeps the choices across restarts. */
export const PENDING_FILE = 'pending.json';
/** Choices kept at most; the oldest goes first (its staged file with it). */
const MAX_PENDING = 50;
/** Expired choices are looked for this often. */
const SWEEP_MS = 60_000;

/** A parsed upload as the choice keeps it: what the reply to the admin and the stored file's name are made of. */
const parsedFileSchema: z.ZodType<ParsedFile> = z.object({
  cover: z.object({ year: z.number().int(), number: z.number().int(), total: z.number().int(), date: z.string(), headline: z.string() }),
  toc: z.array(z.object({ category: z.string(), page: z.number().int(), endPage: z.number().int().nullable(), title: z.string() })),
  articles: z.number().int(),
  warnings: z.array(z.string()),
  notes: z.array(z.string()),
});

const choiceSchema = z.object({
  token: z.string(),
  channel: z.string(),
  chatId: z.string(),
  senderId: z.string(),
  staged: z.string(),
  target: z.string().regex(/^[^/\\]+$/),
  sha256: z.string(),
  parsed: parsedFileSchema,
  expiresAt: z.number(),
});
const FORMAT = jsonFormat('a list of upload choices', (v) => z.object({ choices: z.array(choiceSchema) }).parse(v).choices);

/**
 * The admins' pending choices ("replace the issue already indexed?") and their staged files, kept
 * in STATE_DIR/uploads so that a restart loses neither: a choice made after a restart still works.
 * An expired choice is removed with its staged file (checked every minute), and so, at start-up, is
 * any staged file no choice names (left by a crash during a parse).
 */
export class PendingChoices {
  private readonly choices = new Map<string, PendingChoice>();
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly dir: string,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  static async open(dir: string, deps: { log: Logger; now?: () => number; damaged?: DamagedFiles }): Promise<PendingChoices> {
    const pending = new PendingChoices(dir, deps.log, deps.now ?? Date.now);
    const read = await readStateFile(path.join(dir, PENDING_FILE), FORMAT);
    if (read.kind === 'damaged') deps.damaged?.report(read.damaged, 'the choices it held are lost: their admins must send the files again');
    for (const c of read.kind === 'ok' ? read.value : []) if (path.dirname(c.staged) === dir) pending.choices.set(c.token, c);
    await pending.sweep();
    await pending.removeOrphans();
    pending.timer = setInterval(() => void pending.sweep(), SWEEP_MS);
    pending.timer.unref();
    return pending;
  }

  /** A choice that has not expired. */
  get(token: string): PendingChoice | undefined {
    const c = this.choices.get(token);
    return c && c.expiresAt > this.now() ? c : undefined;
  }

  async add(choice: PendingChoice): Promise<void> {
    this.choices.set(choice.token, choice);
    while (this.choices.size > MAX_PENDING) {
      const oldest = [...this.choices.values()].sort((a, b) => a.expiresAt - b.expiresAt)[0]!;
      await this.drop(oldest);
    }
    await this.save();
  }

  /** Takes a choice out (it is being acted on); its staged file is the caller's now. */
  async take(token: string): Promise<PendingChoice | undefined> {
    const c = this.get(token);
    if (!c) return undefined;
    this.choices.delete(token);
    await this.save();
    return c;
  }

  /** Removes expired choices and their staged files. */
  async sweep(): Promise<void> {
    const expired = [...this.choices.values()].filter((c) => c.expiresAt <= this.now());
    for (const c of expired) await this.drop(c);
    if (expired.length) {
      this.log.info('upload choices expired; staged files removed', { count: expired.length });
      await this.save();
    }
  }

  /** Removes a staged file no choice holds (refused, kept, or never asked about). */
  async discard(staged: string): Promise<void> {
    await rm(staged, { force: true });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async drop(c: PendingChoice): Promise<void> {
    this.choices.delete(c.token);
    await rm(c.staged, { force: true });
  }

  /** Staged files that no choice names: nothing can ever act on them. */
  private async removeOrphans(): Promise<void> {
    const named = new Set([...this.choices.values()].map((c) => path.basename(c.staged)));
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names)
      if (!name.startsWith(PENDING_FILE) && !name.startsWith('.') && !named.has(name)) await rm(path.join(this.dir, name), { force: true });
  }

  private async save(): Promise<void> {
    try {
      await writeStateFile(path.join(this.dir, PENDING_FILE), JSON.stringify({ choices: [...this.choices.values()] }, null, 1));
    } catch (error) {
      // The choice still works until a restart; the admin is not the one to tell.
      this.log.warn('upload choices could not be saved; they last until a restart', { error: errorMessage(error) });
    }
  }
}
