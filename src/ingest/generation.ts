import { readdir, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../store/atomic.js';
import { MANIFEST_FILE, type Manifest } from '../store/manifest.js';
import type { BulletinSummary } from '../domain/corpus.js';
import { catalogueSchema, type Catalogue } from '../store/corpus-data.js';
import { readJsonFile } from '../util/json-file.js';
import { readSegment } from '../store/load-index.js';
import type { SegmentContent } from '../store/segment.js';

/**
 * Writes a generation: its catalogue, then the manifest (the switch: one rename), then deletes the
 * files no generation on disk refers to any more. Segments are already written.
 */
export async function writeGeneration(
  indexDir: string,
  manifest: Manifest,
  order: string[],
  parsed: Map<string, SegmentContent>,
  previous: Manifest | null,
): Promise<void> {
  if (previous?.corpusFile !== manifest.corpusFile || !(await catalogueIntact(indexDir, manifest))) {
    const known = await previousSummaries(indexDir, previous);
    const bulletins: BulletinSummary[] = [];
    for (const name of order) {
      const entry = manifest.files[name]!;
      const summary =
        parsed.get(name)?.bulletin ?? known.get(`${name}\n${entry.issue.total}`) ?? (await readSegment(indexDir, entry)).bulletin;
      bulletins.push(summary);
    }
    const catalogue: Catalogue = { files: order, bulletins };
    await writeFileAtomic(path.join(indexDir, manifest.corpusFile), JSON.stringify(catalogue));
  }
  await writeFileAtomic(path.join(indexDir, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
  await removeUnreferenced(indexDir, manifest, previous);
}

/** Whether the generation's own files (catalogue, HNSW graph) are on disk; segments are checked one by one elsewhere. */
export async function generationIntact(indexDir: string, manifest: Manifest): Promise<boolean> {
  const dense = manifest.dense;
  if (dense && !(await stat(path.join(indexDir, dense.indexFile)).catch(() => null))?.size) return false;
  return catalogueIntact(indexDir, manifest);
}

/** Whether the manifest's catalogue is on disk and readable (it is small: it is simply read). */
async function catalogueIntact(indexDir: string, manifest: Manifest): Promise<boolean> {
  try {
    const catalogue = await readJsonFile(path.join(indexDir, manifest.corpusFile), catalogueSchema);
    return catalogue.files.join('\n') === Object.keys(manifest.files).join('\n');
  } catch {
    return false;
  }
}

/** The covers and TOCs of the previous generation, so that unchanged bulletins' segments need not be read. */
async function previousSummaries(indexDir: string, previous: Manifest | null): Promise<Map<string, BulletinSummary>> {
  const known = new Map<string, BulletinSummary>();
  if (!previous) return known;
  try {
    const catalogue = await readJsonFile(path.join(indexDir, previous.corpusFile), catalogueSchema);
    catalogue.files.forEach((name, i) => known.set(`${name}\n${catalogue.bulletins[i]!.cover.total}`, catalogue.bulletins[i]!));
  } catch {
    // A missing or damaged catalogue: the summaries are read from the segments instead.
  }
  return known;
}

/**
 * Deletes index files that neither the new manifest nor the previous one references: generations
 * before the previous one, segments of bulletins removed or changed before, and the files of the
 * format-1 layout (corpus-/keyword- JSON, files/). The previous generation stays whole until the
 * next switch, so a reader that read the old manifest just before this one can still load it.
 */
async function removeUnreferenced(indexDir: string, manifest: Manifest, previous: Manifest | null): Promise<void> {
  const keep = new Set([MANIFEST_FILE, ...referencedBy(manifest), ...(previous ? referencedBy(previous) : [])]);
  const entries = await readdir(indexDir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile()) continue;
    const rel = path.relative(indexDir, path.join(e.parentPath, e.name)).split(path.sep).join('/');
    if (/^(corpus|keyword|dense)-|^files\/|^segments\/[^.]/.test(rel) && !keep.has(rel))
      await rm(path.join(indexDir, rel), { force: true });
  }
  // The format-1 cache folder, once empty.
  await rmdir(path.join(indexDir, 'files')).catch(() => undefined);
}

function referencedBy(manifest: Manifest): string[] {
  const dense = manifest.dense?.files ?? [];
  return [manifest.corpusFile, ...Object.values(manifest.files).map((f) => f.segment), ...dense];
}
