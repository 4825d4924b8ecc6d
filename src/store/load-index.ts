import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { denseManifestSchema, INDEX_FORMAT_VERSION, manifestSchema, MANIFEST_FILE, type Manifest, type ManifestFile } from './manifest.js';
import { catalogueSchema, type Catalogue } from './corpus-data.js';
import { JsonFileError, readJsonFile, safeJson } from '../util/json-file.js';
import type { CorpusData } from '../domain/corpus.js';
import { decodeSegment, type Segment } from './segment.js';
import { Bm25Index, DEFAULT_BM25, type Bm25Params } from '../search/bm25.js';
import { mapLimit } from '../util/concurrency.js';
import { AppError, errorMessage } from '../util/app-error.js';

export class IndexLoadError extends AppError {
  override readonly name = 'IndexLoadError';
}

/** The index on disk was written by another version of the program (another layout). */
export class IndexFormatError extends IndexLoadError {
  constructor(
    readonly indexDir: string,
    readonly found: unknown,
  ) {
    super(
      `${indexDir} holds an index of format ${String(found)}; this version reads format ${INDEX_FORMAT_VERSION} (one segment per bulletin): run \`npm run ingest\` to rebuild it`,
    );
  }
}

export interface LoadedIndex {
  manifest: Manifest;
  corpus: CorpusData;
  keyword: Bm25Index;
  /** The indexed files (keys of manifest.files) in corpus order: their chunks are numbered in this order. */
  order: string[];
}

/** Segment files read at once while loading. */
const READ_CONCURRENCY = 16;

/**
 * The manifest, validated once here. A damaged or foreign manifest is refused; a dense section alone
 * that does not match its schema is left out and named in `denseInvalid`, so that retrieval falls
 * back to keywords with a clear log line and the next ingest rebuilds the dense index.
 */
export async function readManifest(indexDir: string): Promise<Manifest> {
  const file = path.join(indexDir, MANIFEST_FILE);
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    throw new IndexLoadError(`no index in ${indexDir} (run \`npm run ingest\` first)`);
  }
  const json = safeJson(raw);
  if (json && typeof json === 'object' && 'formatVersion' in json && json.formatVersion !== INDEX_FORMAT_VERSION)
    throw new IndexFormatError(indexDir, json.formatVersion);
  const parsed = manifestSchema.extend({ dense: z.unknown().optional() }).safeParse(json);
  if (!parsed.success) throw new IndexLoadError(`${file} is not a valid index manifest; run \`npm run ingest\` to rebuild it`);
  const { dense: rawDense, ...rest } = parsed.data;
  if (rawDense === undefined) return rest;
  const dense = denseManifestSchema.safeParse(rawDense);
  if (dense.success) return { ...rest, dense: dense.data };
  const where = dense.error.issues.slice(0, 3).map((i) => `${['dense', ...i.path].join('.')}: ${i.message}`);
  return { ...rest, denseInvalid: `${file}: ${where.join('; ')}` };
}

/**
 * Loads the generation named by the manifest: its catalogue, then every segment in corpus order,
 * each checked against the size and CRC-32 the manifest recorded. Segment files never change once
 * written, so the load is consistent even while an ingest writes the next generation.
 */
export async function loadIndex(indexDir: string): Promise<LoadedIndex> {
  const manifest = await readManifest(indexDir);
  const catalogue = await readCatalogue(indexDir, manifest);
  const entries = catalogue.files.map((name) => {
    const entry = manifest.files[name];
    if (!entry)
      throw new IndexLoadError(`${indexDir}: the catalogue names ${name}, which the manifest does not list; run \`npm run ingest\``);
    return entry;
  });
  const segments = await mapLimit(entries, READ_CONCURRENCY, (entry) => readSegment(indexDir, entry));
  const chunks = segments.flatMap((s) => s.chunks);
  const params = (manifest.settings.bm25 as Bm25Params | undefined) ?? DEFAULT_BM25;
  const keyword = new Bm25Index(
    segments.map((s) => s.keyword),
    params,
    (doc) => chunks[doc]!.id,
  );
  const totals = segments.map((s) => s.bulletin.cover.total).join(',');
  if (totals !== catalogue.bulletins.map((b) => b.cover.total).join(','))
    throw new IndexLoadError(`${indexDir}: the catalogue and the segments disagree; run \`npm run ingest\``);
  return { manifest, corpus: { bulletins: catalogue.bulletins, chunks }, keyword, order: catalogue.files };
}

/** One segment, refused when its size or checksum is not what the manifest recorded. */
export async function readSegment(indexDir: string, entry: ManifestFile): Promise<Segment> {
  const file = path.join(indexDir, entry.segment);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new IndexLoadError(
      `${file} is missing (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}); run \`npm run ingest\``,
      { cause: error },
    );
  }
  if (bytes.length !== entry.bytes || crc32(bytes) !== entry.crc32)
    throw new IndexLoadError(
      `${file} is damaged (size or checksum differs from the manifest); run \`npm run ingest -- --verify\` to rebuild it`,
    );
  try {
    return decodeSegment(bytes);
  } catch (error) {
    throw new IndexLoadError(`${file} is damaged (${errorMessage(error)}); run \`npm run ingest -- --verify\` to rebuild it`, {
      cause: error,
    });
  }
}

async function readCatalogue(indexDir: string, manifest: Manifest): Promise<Catalogue> {
  const file = path.join(indexDir, manifest.corpusFile);
  try {
    return await readJsonFile(file, catalogueSchema);
  } catch (error) {
    const problem = error instanceof JsonFileError ? error.problem : errorMessage(error);
    throw new IndexLoadError(`${file} is missing or damaged (${problem}); run \`npm run ingest\``, { cause: error });
  }
}
