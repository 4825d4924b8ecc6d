import { readdir, readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';

/** Text files are read as UTF-8; PDFs are converted page by page (src/pdf). */
export const BULLETIN_EXTENSIONS = ['.txt', '.md', '.markdown', '.pdf'];

export class CorpusError extends Error {
  override readonly name = 'CorpusError';
}

export interface CorpusFile {
  /** Path relative to the corpus folder, with forward slashes. */
  name: string;
  absolutePath: string;
  sha256: string;
  bytes: Buffer;
}

/** Lists the bulletin files of a corpus folder (recursively), sorted by name, with their content hashes. */
export async function readCorpus(dir: string, extensions = BULLETIN_EXTENSIONS): Promise<CorpusFile[]> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new CorpusError(`bulletin folder not found: ${dir} (set BULLETINS_DIR or pass --corpus DIR)`);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && extensions.includes(path.extname(e.name).toLowerCase()))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  return Promise.all(
    files.map(async (absolutePath) => {
      const bytes = await readFile(absolutePath);
      return {
        name: path.relative(dir, absolutePath).split(path.sep).join('/'),
        absolutePath,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes,
      };
    }),
  );
}
