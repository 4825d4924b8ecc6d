import path from 'node:path';
import { z } from 'zod';
import { MANIFEST_FILE } from '../store/manifest.js';
import { readJsonFile } from '../util/json-file.js';
import { legacyVectorFileFor, type DenseDeps } from './dense.js';

/** What is read of a format-1 manifest; entries that are not what format 1 wrote are passed over. */
const legacyManifestSchema = z.object({
  formatVersion: z.number(),
  settings: z.unknown(),
  files: z.record(z.string(), z.object({ sha256: z.unknown(), cache: z.unknown() }).partial()).optional(),
});

/**
 * What an index of format 1 (whole-corpus JSON files, a parse cache per bulletin) leaves that
 * format 2 can use: its stored vectors. Embedding is the slow part of ingest (≈30 chunks/s with
 * bge-small on two cores), so an upgrade should not redo it. They are used only when the chunking
 * settings are the same, so that the chunks, and their order, are the same.
 */
export interface LegacyIndex {
  /** Bulletin file name → its content hash and parse cache, as the old manifest recorded them. */
  files: Map<string, { sha256: string; cache: string }>;
}

export async function readLegacyIndex(indexDir: string, settings: Record<string, unknown>): Promise<LegacyIndex | null> {
  try {
    const old = await readJsonFile(path.join(indexDir, MANIFEST_FILE), legacyManifestSchema);
    if (old.formatVersion !== 1 || JSON.stringify(old.settings) !== JSON.stringify(settings)) return null;
    const files = new Map<string, { sha256: string; cache: string }>();
    for (const [name, f] of Object.entries(old.files ?? {}))
      if (typeof f.sha256 === 'string' && typeof f.cache === 'string' && /^files\/[^/]+\.json$/.test(f.cache))
        files.set(name, { sha256: f.sha256, cache: f.cache });
    return { files };
  } catch {
    return null;
  }
}

/** The old vector file of this bulletin for the current model, if the file's content is what it was then. */
export function legacyVectorsOf(legacy: LegacyIndex | null, name: string, sha256: string, deps: DenseDeps): string | undefined {
  const old = legacy?.files.get(name);
  return old && old.sha256 === sha256 ? legacyVectorFileFor(old.cache, deps) : undefined;
}
