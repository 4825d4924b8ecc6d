import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { mapLimit } from '../util/concurrency.js';
import { AppError } from '../util/app-error.js';

/** Text files are read as UTF-8; PDFs are converted page by page (src/pdf). */
export const BULLETIN_EXTENSIONS = ['.txt', '.md', '.markdown', '.pdf'];

/** Files hashed at once. */
const HASH_CONCURRENCY = 8;

export class CorpusError extends AppError {
  override readonly name = 'CorpusError';
}

export interface CorpusFile {
  /** Path relative to the corpus folder, with forward slashes. */
  name: string;
  absolutePath: string;
  sha256: string;
  size: number;
  mtimeMs: number;
  /** The inode's change time: moves whenever the content is written, even when the modification time is set back. */
  ctimeMs: number;
  /** The file's content, read when first asked for: an unchanged file is hashed, not kept in memory. */
  readonly bytes: Buffer;
}

class HashedFile implements CorpusFile {
  #bytes: Buffer | null;

  constructor(
    readonly name: string,
    readonly absolutePath: string,
    readonly sha256: string,
    readonly size: number,
    readonly mtimeMs: number,
    readonly ctimeMs: number,
  ) {
    this.#bytes = null;
  }

  get bytes(): Buffer {
    return (this.#bytes ??= readFileSync(this.absolutePath));
  }
}

/**
 * What an earlier run recorded of a file: when its size, modification time and change time are
 * still these, its hash is taken as is. `ctimeMs` is absent in indexes written before it was
 * recorded: such a file is hashed once more.
 */
export interface KnownFile {
  sha256: string;
  size: number;
  mtimeMs: number;
  ctimeMs?: number;
}

/**
 * Lists the bulletin files of a corpus folder (recursively), sorted by name, with their content
 * hashes. With `known`, a file whose size, modification time and change time all match what an
 * earlier run recorded is not read again; any of them moved and it is hashed, so its content
 * decides whether it changed. The change time matters: a copy that keeps the modification time
 * (cp -p, rsync -t, an editor restoring it) of a same-size version moves only the change time,
 * which no program can set back. Files named in `rehash` are hashed whatever their times say (an
 * upload just written, whose times may equal the old file's within the clock's resolution).
 * Without `known` every file is read and hashed.
 */
export async function readCorpus(
  dir: string,
  known: (name: string) => KnownFile | undefined = () => undefined,
  extensions = BULLETIN_EXTENSIONS,
  rehash: ReadonlySet<string> = new Set(),
): Promise<CorpusFile[]> {
  if (!(await isDirectory(dir))) throw new CorpusError(`bulletin folder not found: ${dir} (set BULLETINS_DIR or pass --corpus DIR)`);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && extensions.includes(path.extname(e.name).toLowerCase()))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  return mapLimit(files, HASH_CONCURRENCY, async (absolutePath) => {
    const name = path.relative(dir, absolutePath).split(path.sep).join('/');
    const { size, mtimeMs, ctimeMs } = await stat(absolutePath);
    const before = rehash.has(name) ? undefined : known(name);
    const sha256 =
      before && before.size === size && before.mtimeMs === mtimeMs && before.ctimeMs === ctimeMs
        ? before.sha256
        : createHash('sha256')
            .update(await readFile(absolutePath))
            .digest('hex');
    return new HashedFile(name, absolutePath, sha256, size, mtimeMs, ctimeMs);
  });
}

export async function isDirectory(dir: string): Promise<boolean> {
  return (await stat(dir).catch(() => null))?.isDirectory() ?? false;
}
