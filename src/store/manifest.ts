import { z } from 'zod';

/**
 * Bumped when the layout of INDEX_DIR changes; an index of another format is not loaded, and the
 * next ingest rebuilds it. 1: whole-corpus JSON files; 2: one immutable segment per bulletin.
 */
export const INDEX_FORMAT_VERSION = 2;

const issueSchema = z.object({ year: z.number(), number: z.number(), total: z.number(), date: z.string() });

export const manifestSchema = z.object({
  formatVersion: z.number(),
  builtAt: z.string(),
  /** Everything that changes chunks or keyword scores; a different value forces a rebuild. */
  settingsKey: z.string(),
  settings: z.record(z.string(), z.unknown()),
  files: z.record(
    z.string(),
    z.object({
      sha256: z.string(),
      /** Size and modification time of the bulletin file when it was hashed (a quick check skips hashing it again). */
      size: z.number(),
      mtimeMs: z.number(),
      issue: issueSchema,
      articles: z.number(),
      chunks: z.number(),
      /** This bulletin's segment under INDEX_DIR (chunks and keyword statistics), with its size and CRC-32 for the load check. */
      segment: z.string(),
      bytes: z.number(),
      crc32: z.number(),
      /** The segment file's modification time once written: a quick check takes size and time as proof it is intact. */
      segmentMtimeMs: z.number(),
    }),
  ),
  /**
   * Files that failed to parse, with the reason and the hash of the content that failed, so `ingest`
   * can report them. A file also under `files` is one whose earlier version is still served (src/ingest/kept.ts).
   */
  failed: z.record(z.string(), z.object({ sha256: z.string(), error: z.string() })),
  /** The generation's catalogue: the indexed files in corpus order (oldest issue first) and their covers and TOCs. */
  corpusFile: z.string(),
  /** Dense index files and their settings, when a model was available at ingest. */
  dense: z.unknown().optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFile = Manifest['files'][string];
export const MANIFEST_FILE = 'manifest.json';
