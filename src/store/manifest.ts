import { z } from 'zod';

/** Bumped when the layout of INDEX_DIR changes; an index of another format is rebuilt. */
export const INDEX_FORMAT_VERSION = 1;

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
      issue: issueSchema,
      articles: z.number(),
      chunks: z.number(),
      /** Cache of this file's parse and chunks, under INDEX_DIR. */
      cache: z.string(),
    }),
  ),
  /** Files that failed to parse, with the reason, so `ingest` can report them. */
  failed: z.record(z.string(), z.object({ sha256: z.string(), error: z.string() })),
  corpusFile: z.string(),
  keywordFile: z.string(),
  /** Dense index files and their settings, when a model was available at ingest. */
  dense: z.unknown().optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export const MANIFEST_FILE = 'manifest.json';
