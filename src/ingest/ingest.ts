import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import path from 'node:path';
import { BulletinParseError } from '../bulletin/parse-error.js';
import { DEFAULT_CHUNK_SETTINGS, type ChunkSettings } from './chunk-settings.js';
import { readCorpus, type CorpusFile } from './corpus.js';
import { DEFAULT_BM25 } from '../search/bm25.js';
import { TITLE_WEIGHT } from '../search/keyword-doc.js';
import { TOKENIZER_VERSION } from '../search/tokenize.js';
import { writeFileAtomic } from '../store/atomic.js';
import { INDEX_FORMAT_VERSION, type DenseManifest, type Manifest, type ManifestFile } from '../store/manifest.js';
import { IndexFormatError, readManifest, readSegment } from '../store/load-index.js';
import { SEGMENT_VERSION, type SegmentContent } from '../store/segment.js';
import { denseKey, updateDenseIndex, type DenseDeps } from './dense.js';
import { buildSegment, segmentIntact } from './segment-build.js';
import { generationIntact, writeGeneration } from './generation.js';
import { legacyVectorsOf, readLegacyIndex, type LegacyIndex } from './legacy.js';
import { silentLogger, type Logger } from '../util/log.js';
import { describeFailure, keptVersionOf, type FailedFile } from './kept.js';
import { emptyReport, type IngestReport } from './ingest-report.js';
import { dropVanished, orderedEntries, statsMoved } from './vanished.js';
import { errorMessage } from '../util/app-error.js';

export type { IngestReport } from './ingest-report.js';
import { formatIssueAsked, formatIssueDated } from '../domain/format.js';
import type { OcrFactory } from './bulletin-text.js';

/** Bumped when the parser's output changes, so cached parses are redone. */
export const PARSER_VERSION = 4;

export interface IngestOptions {
  corpusDir: string;
  indexDir: string;
  chunkSettings?: ChunkSettings;
  /**
   * How unchanged files are recognised. 'stat' (the default) trusts a bulletin or segment whose
   * size and modification time are as recorded, as git and make do; every load still checks each
   * segment's CRC-32. 'checksums' (`npm run ingest -- --verify`) hashes every bulletin and reads
   * every segment, so it also repairs a segment damaged without its size or time changing.
   */
  verify?: 'checksums' | 'stat';
  /** Files (names relative to the corpus folder) hashed whatever their size and times say: an upload just written. */
  rehash?: readonly string[];
  /** Scanned PDF pages read by OCR per file at most (OCR_MAX_PAGES); more fails the file. */
  ocrMaxPages?: number;
}

export interface IngestDeps {
  log: Logger;
  now: () => number;
  /** The embedding model and HNSW builder; without them only the keyword index is built. */
  dense: DenseDeps | null;
  /** The OCR engine for PDF pages without a text layer (tesseract by default). */
  ocr?: OcrFactory;
}

/**
 * Brings INDEX_DIR up to date with the corpus folder. Each bulletin is one segment file (chunks and
 * keyword statistics) that never changes once written: only new or changed files are parsed, and a
 * new issue writes its own segment, a small catalogue and a new manifest. Every file is written
 * atomically and the manifest last, so a reader never sees a half-written index. An unchanged
 * corpus writes nothing. A file that fails to parse is reported; the others are indexed. If an
 * earlier version of it was indexed, that version stays in service (its segment and vectors) until
 * the file parses again or is removed: overwriting a good bulletin with a broken one loses nothing.
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
  const settingsKey = hash(JSON.stringify({ format: INDEX_FORMAT_VERSION, segment: SEGMENT_VERSION, ...settings })).slice(0, 16);

  let legacy: LegacyIndex | null = null;
  const previous = await readManifest(options.indexDir).catch(async (error) => {
    if (error instanceof IndexFormatError) {
      legacy = await readLegacyIndex(options.indexDir, settings);
      log.info(
        `index in ${options.indexDir} has format ${String(error.found)}; this version writes format ${INDEX_FORMAT_VERSION} (one segment per bulletin): rebuilding every bulletin${legacy?.files.size ? ' (stored vectors are kept)' : ''}`,
      );
    }
    return null;
  });
  const reusable = previous && previous.settingsKey === settingsKey ? previous : null;
  if (previous && !reusable) log.info('index settings changed: rebuilding every bulletin');

  const verify = options.verify ?? 'stat';
  const files = await readCorpus(
    options.corpusDir,
    verify === 'stat' ? (name) => reusable?.files[name] : undefined,
    undefined,
    new Set(options.rehash ?? []),
  );
  const report = emptyReport();
  const entries: Manifest['files'] = {};
  const failed: Manifest['failed'] = {};
  /** Segments parsed in this run, by file name (their chunks feed the embedder and their summaries the catalogue). */
  const parsed = new Map<string, SegmentContent>();
  const seenIssues = new Map<number, string>();
  /** Files that failed to parse whose version indexed before is still intact: served on, unless a file that parsed holds the issue. */
  const keep: Array<{ name: string; entry: ManifestFile; error: string }> = [];

  for (const file of files) {
    const name = segmentName(file, settingsKey);
    const before = reusable?.files[file.name];
    let entry: ManifestFile | null = null;
    if (before && before.sha256 === file.sha256 && before.segment === name && (await segmentIntact(options.indexDir, before, verify)))
      entry = { ...before, size: file.size, mtimeMs: file.mtimeMs, ctimeMs: file.ctimeMs };
    if (entry) report.unchanged.push(file.name);
    else {
      try {
        const built = await buildSegment(file, chunkSettings, log, { ocrMaxPages: options.ocrMaxPages, ocr: deps.ocr });
        await writeFileAtomic(path.join(options.indexDir, name), built.bytes);
        const written = await stat(path.join(options.indexDir, name));
        const { cover } = built.content.bulletin;
        entry = {
          sha256: file.sha256,
          size: file.size,
          mtimeMs: file.mtimeMs,
          ctimeMs: file.ctimeMs,
          issue: { year: cover.year, number: cover.number, total: cover.total, date: cover.date },
          articles: built.content.articles,
          chunks: built.content.chunks.length,
          segment: name,
          bytes: built.bytes.length,
          crc32: crc32(built.bytes),
          segmentMtimeMs: written.mtimeMs,
        };
        parsed.set(file.name, built.content);
        (before || previous?.files[file.name] ? report.updated : report.added).push(file.name);
        log.info(`parsed ${file.name}: ${formatIssueDated(entry.issue, 'zh', 'iso')}, ${entry.articles} articles, ${entry.chunks} chunks`);
      } catch (error) {
        const message = error instanceof BulletinParseError ? error.message : `${file.name}: ${errorMessage(error)}`;
        failed[file.name] = { sha256: file.sha256, error: message };
        if (before && (await segmentIntact(options.indexDir, before, verify))) {
          keep.push({ name: file.name, entry: before, error: message });
          continue;
        }
        // Not kept: its segment is gone, or was made under other settings (and the old text is no longer there to parse again).
        const lost = previous?.files[file.name]
          ? `; the version indexed before is not served any more (${before ? 'its segment is missing or damaged' : 'the index settings changed, so every bulletin is parsed again'})`
          : '';
        report.failed.push({ file: file.name, error: message + lost });
        log.warn(`skipped ${message}${lost}`);
        continue;
      }
    }
    const total = entry.issue.total;
    if (seenIssues.has(total)) {
      const message = `${file.name}: same issue (${formatIssueAsked({ total })}) as ${seenIssues.get(total)}; skipped`;
      report.failed.push({ file: file.name, error: message });
      failed[file.name] = { sha256: file.sha256, error: message };
      parsed.delete(file.name);
      log.warn(message);
      continue;
    }
    seenIssues.set(total, file.name);
    entries[file.name] = entry;
  }
  // After the files that parsed: a fixed copy saved under another name holds the issue in its own right.
  for (const { name, entry, error } of keep) {
    const holder = seenIssues.get(entry.issue.total);
    if (holder) {
      const message = `${error}; its earlier version is not served: ${holder} holds ${formatIssueAsked({ total: entry.issue.total })} now`;
      report.failed.push({ file: name, error: message });
      log.warn(`skipped ${message}`);
      continue;
    }
    seenIssues.set(entry.issue.total, name);
    entries[name] = entry;
    const kept: FailedFile = { file: name, error, kept: keptVersionOf(entry) };
    report.failed.push(kept);
    log.warn(describeFailure(kept));
  }
  await dropVanished(files, entries, parsed, report, log);
  report.failed.sort((a, b) => a.file.localeCompare(b.file));
  report.removed = Object.keys(previous?.files ?? {}).filter((name) => !entries[name] && !failed[name]);

  // Corpus order: oldest issue first; chunk numbers (keyword documents) follow it.
  const order = Object.keys(entries).sort((a, b) => {
    const x = entries[a]!.issue;
    const y = entries[b]!.issue;
    return x.date.localeCompare(y.date) || x.total - y.total;
  });
  const generation = hash(settingsKey + order.map((name) => entries[name]!.segment).join(',')).slice(0, 16);
  const corpusFile = `corpus-${generation}.json`;
  report.issues = order.length;
  report.articles = order.reduce((n, name) => n + entries[name]!.articles, 0);
  report.chunks = order.reduce((n, name) => n + entries[name]!.chunks, 0);

  const previousDense = reusable?.dense;
  if (dense && previous?.denseInvalid)
    log.warn(`dense index set aside, its manifest section is invalid (${previous.denseInvalid}): rebuilding it`);
  const denseCurrent = dense ? previousDense?.key === denseKey(dense) : true;
  // A segment written again (it was missing or damaged) changes the manifest's record of it, if nothing else.
  const sameCorpus =
    reusable &&
    parsed.size === 0 &&
    reusable.corpusFile === corpusFile &&
    sameFailures(reusable.failed, failed) &&
    denseCurrent &&
    (await generationIntact(options.indexDir, reusable));
  if (sameCorpus) {
    report.retrieval = previousDense ? 'hybrid' : 'keyword';
    // Same content, but a file's times moved (a copy, a touch): recorded, so that it is not hashed at every ingest.
    if (statsMoved(reusable, entries))
      await writeGeneration(options.indexDir, { ...reusable, files: orderedEntries(order, entries) }, order, parsed, previous);
  } else {
    let denseManifest: DenseManifest | undefined;
    if (dense) {
      const segments = order.map((name) => ({
        segment: entries[name]!.segment,
        count: entries[name]!.chunks,
        chunks: async () => parsed.get(name)?.chunks ?? (await readSegment(options.indexDir, entries[name]!)).chunks,
        legacyVectors: legacyVectorsOf(legacy, name, entries[name]!.sha256, dense),
      }));
      const built = await updateDenseIndex(options.indexDir, segments, generation, previousDense, dense, log);
      denseManifest = built.manifest;
      report.embedded = built.embedded;
      report.overlong = built.overlong;
      report.retrieval = 'hybrid';
    }
    const manifest: Manifest = {
      formatVersion: INDEX_FORMAT_VERSION,
      builtAt: new Date().toISOString(),
      settingsKey,
      settings,
      files: orderedEntries(order, entries),
      failed,
      corpusFile,
      dense: denseManifest,
    };
    await writeGeneration(options.indexDir, manifest, order, parsed, previous);
    report.changed = true;
  }
  report.seconds = (now() - started) / 1000;
  return report;
}

/** A segment's name: the file's content hash, its name (chunks carry it) and the index settings. */
function segmentName(file: CorpusFile, settingsKey: string): string {
  return `segments/${file.sha256.slice(0, 24)}-${hash(file.name).slice(0, 8)}-${settingsKey}.seg`;
}

function sameFailures(a: Manifest['failed'], b: Manifest['failed']): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k]!.sha256 === b[k]!.sha256);
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
