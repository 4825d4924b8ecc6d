import { copyFile, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { ZodError } from 'zod';
import { writeFileAtomic } from '../store/atomic.js';
import { AppError, errorMessage } from '../util/app-error.js';

/**
 * The one way every file under STATE_DIR is read (subscriptions, digests, the feedback log and its
 * key, the de-duplication store, pending uploads). A file that is not what it should be (empty,
 * half-written, hand-edited, binary) never stops the service: it is moved aside under a name with
 * the time, kept for whoever wants to look at it, and its owner rebuilds what it can (from the
 * index, from the last good copy, or from nothing). Files that can be rebuilt only from an earlier
 * version of themselves are written with a last good copy beside them.
 */

/** How a state file's content is read: `parse` throws (any error, its message says why) when the content is not valid. */
export interface StateFormat<T> {
  /** What the file holds, for the log and /healthz ("the subscription list"). */
  what: string;
  parse(raw: string): T;
}

/** A state file that could not be used as it was. */
export interface DamagedState {
  file: string;
  /** Why: the parse error, or the read error. */
  reason: string;
  /** Where the damaged file was moved (kept for inspection); null when it could not be moved. */
  setAside: string | null;
}

export type StateRead<T> = { kind: 'absent' } | { kind: 'ok'; value: T } | { kind: 'damaged'; damaged: DamagedState };

/** The suffix of a damaged file moved aside: digests.json → digests.json.damaged-2031-03-07T09-30-00-000Z. */
export const DAMAGED_MARK = '.damaged-';
/** The last good copy kept beside a file that can be rebuilt from it: subscriptions.json → subscriptions.json.last-good. */
export const LAST_GOOD_SUFFIX = '.last-good';

/** A typed error for a state file that could not be written; the message names the file and the cause. */
export class StateWriteError extends AppError {
  override readonly name = 'StateWriteError';
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`${file} could not be written: ${errorMessage(cause)}`, { cause });
  }
}

/** Reads and validates a state file; a damaged one is moved aside and reported, never thrown. */
export async function readStateFile<T>(file: string, format: StateFormat<T>, now: () => Date = () => new Date()): Promise<StateRead<T>> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' };
    return { kind: 'damaged', damaged: await setAside(file, `cannot be read (${code ?? errorMessage(error)})`, now) };
  }
  try {
    return { kind: 'ok', value: format.parse(raw) };
  } catch (error) {
    const reason = raw.length === 0 ? 'the file is empty' : `not ${format.what}: ${errorMessage(error)}`;
    return { kind: 'damaged', damaged: await setAside(file, reason, now) };
  }
}

/** The last good copy of a file, when there is one and it is valid (it is never moved: it is a copy). */
export async function readLastGood<T>(file: string, format: StateFormat<T>): Promise<T | null> {
  try {
    return format.parse(await readFile(file + LAST_GOOD_SUFFIX, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Writes a state file atomically (the old or the new content, never part of one); with `keepGood`,
 * then also its last good copy. Throws StateWriteError.
 */
export async function writeStateFile(file: string, data: string, options: { keepGood?: boolean } = {}): Promise<void> {
  try {
    await writeFileAtomic(file, data);
    if (options.keepGood) await writeFileAtomic(file + LAST_GOOD_SUFFIX, data);
  } catch (error) {
    throw new StateWriteError(path.basename(file), error);
  }
}

/** A JSON state format from a validator of the parsed value (a zod schema's `parse`: its issues are said in one line). */
export function jsonFormat<T>(what: string, validate: (value: unknown) => T): StateFormat<T> {
  return {
    what,
    parse: (raw) => {
      const value: unknown = JSON.parse(raw);
      try {
        return validate(value);
      } catch (error) {
        throw error instanceof ZodError ? new Error(oneLine(error)) : error;
      }
    },
  };
}

function oneLine(error: ZodError): string {
  const issues = error.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : 'the file'}: ${i.message}`);
  return issues.join('; ') + (error.issues.length > 3 ? `; and ${error.issues.length - 3} more` : '');
}

async function setAside(file: string, reason: string, now: () => Date): Promise<DamagedState> {
  const copy = `${file}${DAMAGED_MARK}${now().toISOString().replace(/[:.]/g, '-')}`;
  try {
    await rename(file, copy);
    return { file, reason, setAside: copy };
  } catch {
    // Renaming can fail where copying does not (another owner of the file); either keeps the content.
    return copyFile(file, copy).then(
      () => ({ file, reason, setAside: copy }),
      () => ({ file, reason, setAside: null }),
    );
  }
}
