import { z } from 'zod';

/**
 * Bumped when the layout of INDEX_DIR changes; an index of another format is not loaded, and the
 * next ingest rebuilds it. 1: whole-corpus JSON files; 2: one immutable segment per bulletin.
 */
export const INDEX_FORMAT_VERSION = 2;

const issueSchema = z.object({ year: z.number(), number: z.number(), total: z.number(), date: z.string() });

/** A file of this index, named relative to INDEX_DIR: never absolute, never reaching out of it. */
const indexFileName = z.string().regex(/^(?:segments\/)?[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'not a file name inside the index folder');
const count = z.number().int().nonnegative();

/** Everything that makes stored vectors and the HNSW graph valid, as ingest records it in the manifest. */
export const denseManifestSchema = z.object({
  /** Hash of the model's settings, the embedded text's version and the HNSW parameters: another key means rebuild. */
  key: z.string().min(1),
  model: z.object({
    id: z.string().min(1),
    dimension: z.number().int().positive(),
    pooling: z.string(),
    normalize: z.boolean(),
    queryPrefix: z.string(),
    quantized: z.boolean(),
  }),
  hnsw: z.object({
    M: z.number().int().positive(),
    efConstruction: z.number().int().positive(),
    efSearch: z.number().int().positive(),
    space: z.literal('cosine'),
  }),
  indexFile: indexFileName,
  /** Every file of the dense index (vectors per bulletin and the graph), for clean-up. */
  files: z.array(indexFileName),
  /** Points that can be found: one per chunk. */
  vectors: count,
  /** Per segment: the graph label of its first chunk's vector and its number of vectors (labels follow on). */
  labels: z.record(z.string(), z.tuple([count, count])),
  /** The next label to hand out. */
  nextLabel: count,
  /** Points of removed bulletins, marked deleted in the graph. */
  deleted: count,
});

export type DenseManifest = z.infer<typeof denseManifestSchema>;

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
      /** Its change time then (absent in indexes written before it was recorded: the file is hashed again). */
      ctimeMs: z.number().optional(),
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
  /**
   * Dense index files and their settings, when a model was available at ingest. Read apart from the
   * rest (readManifest): a dense section that does not match its schema costs dense retrieval, not the index.
   */
  dense: denseManifestSchema.optional(),
});

export type Manifest = z.infer<typeof manifestSchema> & {
  /** Set by readManifest, never written: why the dense section on disk was set aside (`dense` is then absent). */
  denseInvalid?: string;
};
export type ManifestFile = Manifest['files'][string];
export const MANIFEST_FILE = 'manifest.json';
