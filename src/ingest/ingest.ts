import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { parseBulletin } from '../bulletin/parse.js';
import { BulletinParseError } from '../bulletin/errors.js';
import { chunkBulletin } from './chunk.js';
import { DEFAULT_CHUNK_SETTINGS, type ChunkSettings } from './chunk-types.js';
import { readCorpus, type CorpusFile } from './corpus.js';
import { bulletinText } from './bulletin-text.js';
import { Bm25Index, DEFAULT_BM25 } from '../search/bm25.js';
import { keywordTokens, TITLE_WEIGHT } from '../search/keyword-doc.js';
import { TOKENIZER_VERSION } from '../search/tokenize.js';
import { writeFileAtomic } from '../store/atomic.js';
import { INDEX_FORMAT_VERSION, MANIFEST_FILE, type Manifest } from '../store/manifest.js';
import { readManifest } from '../store/load.js';
import { summarize, type CorpusData, type FileCache } from '../store/corpus-data.js';
import { buildDenseIndex, denseKey, type DenseDeps, type DenseManifest } from './dense.js';
import { silentLogger, type Logger } from '../util/log.js';

/** Bumped when the parser's output changes, so cached parses are redone. */
export const PARSER_VERSION = 4;

export interface IngestOptions {
  corpusDir: string;
  indexDir: string;
  chunkSettings?: ChunkSettings;
}

export interface IngestReport {
  issues: number;
  articles: number;
  chunks: number;
  seconds: number;
  /** False when the corpus and settings matched the index and nothing was written. */
  changed: boolean;
  added: string[];
  updated: string[];
  removed: string[];
  unchanged: string[];
  failed: Array<{ file: string; error: string }>;
  /** 'hybrid' when a dense index was built or kept alongside the keyword index. */
  retrieval: 'hybrid' | 'keyword';
  /** Chunks embedded in this run (0 when every vector was already stored). */
  embedded: number;
}

export interface IngestDeps {
  log: Logger;
  now: () => number;
  /** The embedding model and HNSW builder; without them only the keyword index is built. */
  dense: DenseDeps | null;
}

/**
 * Brings INDEX_DIR up to date with the corpus folder. Only new or changed files are parsed and
 * chunked; the keyword index is rebuilt when the set of chunks changed (its statistics are global).
 * Every file is written atomically and the manifest last, so a reader never sees a half-written index.
 * A file that fails to parse is reported and left out; the others are indexed.
 */
export async function ingest(options: IngestOptions, deps: Partial<IngestDeps> = {}): Promise<IngestReport> {
  const { log, now, dense } = { log: silentLogger, now: () => performance.now(), dense: null, ...deps };
  const started = now();
  const chunkSettings = options.chunkSettings ?? DEFAULT_CHUNK_SETTINGS;
  const settings = {
    parser: PARSER_VERSION,
    chunk: chunkSettings,
    tokenizer: TOKENIZER_VERSION,
    bm25: DEFAULT_BM25,
    titleWeight: TITLE_WEIGHT,
  };
  const settingsKey = hash(JSON.stringify({ format: INDEX_FORMAT_VERSION, ...settings })).slice(0, 16);

  const previous = await readManifest(options.indexDir).catch(() => null);
  const reusable = previous && previous.formatVersion === INDEX_FORMAT_VERSION && previous.settingsKey === settingsKey ? previous : null;
  if (previous && !reusable) log.info('index settings changed: rebuilding every bulletin');

  const files = await readCorpus(options.corpusDir);
  const report: IngestReport = {
    issues: 0,
    articles: 0,
    chunks: 0,
    seconds: 0,
    changed: false,
    added: [],
    updated: [],
    removed: [],
    unchanged: [],
    failed: [],
    retrieval: 'keyword',
    embedded: 0,
  };
  const entries: Manifest['files'] = {};
  const failed: Manifest['failed'] = {};
  const caches: FileCache[] = [];
  const cacheFiles = new Map<FileCache, string>();
  const seenIssues = new Map<number, string>();

  for (const file of files) {
    const before = reusable?.files[file.name];
    let cache: FileCache | null = null;
    if (before && before.sha256 === file.sha256) cache = await readCache(options.indexDir, before.cache);
    if (cache) report.unchanged.push(file.name);
    else {
      try {
        cache = await buildCache(file, chunkSettings, log);
        await writeFileAtomic(path.join(options.indexDir, cacheName(file, settingsKey)), JSON.stringify(cache));
        (before || previous?.files[file.name] ? report.updated : report.added).push(file.name);
        log.info(`parsed ${file.name}: ${describeIssue(cache)}, ${cache.articles} articles, ${cache.chunks.length} chunks`);
      } catch (error) {
        const message = error instanceof BulletinParseError ? error.message : `${file.name}: ${(error as Error).message}`;
        report.failed.push({ file: file.name, error: message });
        failed[file.name] = { sha256: file.sha256, error: message };
        log.warn(`skipped ${message}`);
        continue;
      }
    }
    const total = cache.bulletin.cover.total;
    if (seenIssues.has(total)) {
      const message = `${file.name}: same issue (总第${total}期) as ${seenIssues.get(total)}; skipped`;
      report.failed.push({ file: file.name, error: message });
      failed[file.name] = { sha256: file.sha256, error: message };
      log.warn(message);
      continue;
    }
    seenIssues.set(total, file.name);
    caches.push(cache);
    cacheFiles.set(cache, cacheName(file, settingsKey));
    entries[file.name] = {
      sha256: file.sha256,
      issue: issueOf(cache),
      articles: cache.articles,
      chunks: cache.chunks.length,
      cache: cacheName(file, settingsKey),
    };
  }
  report.removed = Object.keys(previous?.files ?? {}).filter((name) => !files.some((f) => f.name === name));

  caches.sort((a, b) => a.bulletin.cover.date.localeCompare(b.bulletin.cover.date) || a.bulletin.cover.total - b.bulletin.cover.total);
  const corpus: CorpusData = { bulletins: caches.map((c) => c.bulletin), chunks: caches.flatMap((c) => c.chunks) };
  const corpusKey = hash(settingsKey + corpus.chunks.map((c) => c.id).join(',')).slice(0, 16);
  report.issues = caches.length;
  report.articles = caches.reduce((n, c) => n + c.articles, 0);
  report.chunks = corpus.chunks.length;

  const previousDense = reusable?.dense as DenseManifest | undefined;
  const denseCurrent = dense ? previousDense?.key === denseKey(dense) : true;
  const sameCorpus =
    reusable && reusable.corpusFile === `corpus-${corpusKey}.json` && sameFailures(reusable.failed, failed) && denseCurrent;
  if (sameCorpus) {
    report.retrieval = previousDense ? 'hybrid' : 'keyword';
  } else {
    const keyword = Bm25Index.build(
      corpus.chunks.map((c) => ({ id: c.id, tokens: keywordTokens(c) })),
      DEFAULT_BM25,
    );
    let denseManifest: DenseManifest | undefined;
    if (dense) {
      const built = await buildDenseIndex(
        options.indexDir,
        caches.map((c) => ({ cache: cacheFiles.get(c)!, chunks: c.chunks })),
        corpusKey,
        dense,
        log,
      );
      denseManifest = built.manifest;
      report.embedded = built.embedded;
      report.retrieval = 'hybrid';
    }
    const manifest: Manifest = {
      formatVersion: INDEX_FORMAT_VERSION,
      builtAt: new Date().toISOString(),
      settingsKey,
      settings,
      files: entries,
      failed,
      corpusFile: `corpus-${corpusKey}.json`,
      keywordFile: `keyword-${corpusKey}.json`,
      dense: denseManifest,
    };
    await writeFileAtomic(path.join(options.indexDir, manifest.corpusFile), JSON.stringify(corpus));
    await writeFileAtomic(path.join(options.indexDir, manifest.keywordFile), JSON.stringify(keyword.toJSON()));
    await writeFileAtomic(path.join(options.indexDir, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
    await removeUnreferenced(options.indexDir, manifest);
    report.changed = true;
  }
  report.seconds = (now() - started) / 1000;
  return report;
}

async function buildCache(file: CorpusFile, settings: ChunkSettings, log: Logger): Promise<FileCache> {
  const { text, notes } = await bulletinText(file);
  const bulletin = parseBulletin(file.name, text);
  for (const note of notes) log.info(`${file.name}: ${note}`);
  const warn = (message: string) => log.warn(`${file.name}: ${message}`);
  bulletin.warnings.forEach(warn);
  return { bulletin: summarize(bulletin), articles: bulletin.articles.length, chunks: chunkBulletin(bulletin, settings, warn) };
}

async function readCache(indexDir: string, name: string): Promise<FileCache | null> {
  try {
    return JSON.parse(await readFile(path.join(indexDir, name), 'utf8')) as FileCache;
  } catch {
    return null;
  }
}

function cacheName(file: CorpusFile, settingsKey: string): string {
  return `files/${file.sha256.slice(0, 24)}-${settingsKey}.json`;
}

/** Deletes index files that the new manifest no longer references (older generations, stale caches). */
async function removeUnreferenced(indexDir: string, manifest: Manifest): Promise<void> {
  const keep = new Set([MANIFEST_FILE, manifest.corpusFile, manifest.keywordFile, ...Object.values(manifest.files).map((f) => f.cache)]);
  for (const extra of denseFiles(manifest)) keep.add(extra);
  const entries = await readdir(indexDir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile()) continue;
    const rel = path.relative(indexDir, path.join(e.parentPath, e.name)).split(path.sep).join('/');
    if (/^(corpus|keyword|dense)-|^files\//.test(rel) && !keep.has(rel)) await rm(path.join(indexDir, rel), { force: true });
  }
}

function denseFiles(manifest: Manifest): string[] {
  return (manifest.dense as DenseManifest | undefined)?.files ?? [];
}

function sameFailures(a: Manifest['failed'], b: Manifest['failed']): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k]!.sha256 === b[k]!.sha256);
}

function issueOf(cache: FileCache) {
  const { year, number, total, date } = cache.bulletin.cover;
  return { year, number, total, date };
}

function describeIssue(cache: FileCache): string {
  const c = cache.bulletin.cover;
  return `${c.year}年第${c.number}期（总第${c.total}期，${c.date}）`;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
