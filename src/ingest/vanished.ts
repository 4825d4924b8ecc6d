import { stat } from 'node:fs/promises';
import type { Manifest, ManifestFile } from '../store/manifest.js';
import type { SegmentContent } from '../store/segment.js';
import type { CorpusFile } from './corpus.js';
import type { IngestReport } from './ingest-report.js';
import { mapLimit } from '../util/concurrency.js';
import type { Logger } from '../util/log.js';

/**
 * The files about to be indexed that are no longer as they were read: deleted, or written again,
 * while the others were parsed (a PDF takes seconds, OCR minutes). Indexing them would serve, and
 * announce, an issue that is gone; the change has started another ingest that sees them as they are.
 */
export async function vanishedFiles(files: readonly CorpusFile[], indexed: readonly string[]): Promise<string[]> {
  const byName = new Map(files.map((f) => [f.name, f]));
  const gone = await mapLimit([...indexed], 16, async (name) => {
    const file = byName.get(name);
    if (!file) return null;
    const now = await stat(file.absolutePath).catch(() => null);
    const same = now !== null && now.size === file.size && now.mtimeMs === file.mtimeMs && now.ctimeMs === file.ctimeMs;
    return same ? null : name;
  });
  return gone.filter((n): n is string => n !== null);
}

/** Takes the files that vanished out of what this ingest indexes and reports: they are not indexed as they were read, nor announced. */
export async function dropVanished(
  files: readonly CorpusFile[],
  entries: Record<string, ManifestFile>,
  parsed: Map<string, SegmentContent>,
  report: IngestReport,
  log: Logger,
): Promise<void> {
  for (const name of await vanishedFiles(files, Object.keys(entries))) {
    log.warn(`${name}: removed or changed while it was being ingested; left for the next ingest`);
    delete entries[name];
    parsed.delete(name);
    report.added = report.added.filter((n) => n !== name);
    report.updated = report.updated.filter((n) => n !== name);
    report.unchanged = report.unchanged.filter((n) => n !== name);
  }
}

/** Whether any file's recorded size or times differ from the index's (the same content, touched or copied). */
export function statsMoved(index: Manifest, entries: Record<string, ManifestFile>): boolean {
  return Object.entries(entries).some(([name, e]) => {
    const before = index.files[name];
    return !before || before.size !== e.size || before.mtimeMs !== e.mtimeMs || before.ctimeMs !== e.ctimeMs;
  });
}

/** The manifest's file entries, in corpus order. */
export function orderedEntries(order: readonly string[], entries: Record<string, ManifestFile>): Manifest['files'] {
  return Object.fromEntries(order.map((name) => [name, entries[name]!]));
}
