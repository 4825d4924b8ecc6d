import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Citation } from '../domain/citation.js';
import type { TocEntry } from '../domain/bulletin.js';
import type { BulletinSummary, CorpusData } from '../domain/corpus.js';
import type { Manifest, ManifestFile } from '../store/manifest.js';
import { OriginalUnavailableError } from './types.js';

/** The bulletin file a citation comes from, as the index recorded it. */
export interface CitedSource {
  kind: 'pdf' | 'text';
  /** Absolute path in BULLETINS_DIR. */
  path: string;
  bulletin: BulletinSummary;
  /** The cited article's TOC entry. */
  article: TocEntry;
  /** What the index recorded of the file: its content hash, size and modification time. */
  indexed: ManifestFile;
}

/**
 * Which file and article a citation names: the bulletin of its issue (by 总期, as every citation
 * carries it) in the index being served, and the article by its title (or, failing that, the TOC
 * entry whose pages hold the cited ones). Null for the masthead, or an issue the index no longer has.
 */
export function citedSource(c: Citation, corpus: CorpusData, manifest: Manifest, bulletinsDir: string): CitedSource | null {
  if (c.part === 'masthead') return null;
  const bulletin = corpus.bulletins.find((b) => b.cover.total === c.issue.total);
  const indexed = bulletin ? manifest.files[bulletin.file] : undefined;
  if (!bulletin || !indexed) return null;
  const article =
    bulletin.toc.find((e) => e.title === c.title) ??
    bulletin.toc.find((e) => e.page <= c.pages[0] && c.pages[0] <= (e.endPage ?? Infinity));
  if (!article) return null;
  const kind = path.extname(bulletin.file).toLowerCase() === '.pdf' ? 'pdf' : 'text';
  return { kind, path: path.resolve(bulletinsDir, bulletin.file), bulletin, article, indexed };
}

/**
 * Fails unless the file in BULLETINS_DIR is still what was indexed: gone ('missing'), or other
 * content ('replaced', e.g. a corrected issue not yet ingested, or another issue under its name).
 * An unchanged size and modification time are taken as proof, as ingest does; else it is hashed.
 */
export async function checkIndexed(source: CitedSource): Promise<void> {
  const s = await stat(source.path).catch((error: NodeJS.ErrnoException) => {
    throw new OriginalUnavailableError(error.code === 'ENOENT' ? 'missing' : 'broken', `${source.path}: ${error.code ?? error.message}`);
  });
  if (s.size === source.indexed.size && s.mtimeMs === source.indexed.mtimeMs) return;
  const sha256 = createHash('sha256')
    .update(await readFile(source.path))
    .digest('hex');
  if (sha256 !== source.indexed.sha256)
    throw new OriginalUnavailableError('replaced', `${source.path} changed since it was indexed (sha256 ${sha256.slice(0, 12)})`);
}
