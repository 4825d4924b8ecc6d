import { readFile, stat } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import path from 'node:path';
import { parseBulletin } from '../bulletin/parse.js';
import { chunkBulletin } from './chunk.js';
import type { ChunkSettings } from './chunk-settings.js';
import type { CorpusFile } from './corpus.js';
import { Bm25Segment } from '../search/bm25-segment.js';
import { keywordTokens } from '../search/keyword-doc.js';
import { summarize } from '../domain/corpus.js';
import type { ManifestFile } from '../store/manifest.js';
import { decodeSegment, encodeSegment, type SegmentContent } from '../store/segment.js';
import type { Logger } from '../util/log.js';
import type { OcrFactory } from './bulletin-text.js';

/** Parses and chunks one bulletin and encodes its segment (chunks and keyword statistics). */
export async function buildSegment(
  file: CorpusFile,
  settings: ChunkSettings,
  log: Logger,
  ocr?: OcrFactory,
): Promise<{ content: SegmentContent; bytes: Uint8Array }> {
  // Loaded on first use: the PDF reader is large, and a run that parses nothing should not pay for it.
  const { bulletinText } = await import('./bulletin-text.js');
  const { text, notes } = await bulletinText(file, ocr);
  const bulletin = parseBulletin(file.name, text);
  for (const note of notes) log.info(`${file.name}: ${note}`);
  const warn = (message: string) => log.warn(`${file.name}: ${message}`);
  bulletin.warnings.forEach(warn);
  const chunks = chunkBulletin(bulletin, settings, warn);
  const content: SegmentContent = { bulletin: summarize(bulletin), articles: bulletin.articles.length, chunks };
  const keyword = Bm25Segment.build(chunks.map(keywordTokens));
  return { content, bytes: encodeSegment(content, keyword) };
}

/**
 * Whether the segment the manifest names is on disk as it was written; if not, ingest writes it
 * again. 'checksums' reads it, compares size and CRC-32 and decodes it; 'stat' compares size and
 * modification time only.
 */
export async function segmentIntact(indexDir: string, entry: ManifestFile, verify: 'checksums' | 'stat'): Promise<boolean> {
  const file = path.join(indexDir, entry.segment);
  if (verify === 'stat') {
    const info = await stat(file).catch(() => null);
    return info?.size === entry.bytes && info.mtimeMs === entry.segmentMtimeMs;
  }
  const bytes = await readFile(file).catch(() => null);
  if (bytes === null || bytes.length !== entry.bytes || crc32(bytes) !== entry.crc32) return false;
  try {
    decodeSegment(bytes);
    return true;
  } catch {
    return false;
  }
}
