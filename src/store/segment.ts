/**
 * One bulletin's segment file: its cover, masthead and TOC, its chunks, and their keyword
 * statistics. Written once under a name made of the file's content hash, its name and the index
 * settings, and never changed; a generation of the index is a list of segments (the manifest).
 *
 * Layout (little-endian):
 *   "BQSG", u32 version, u32 headerBytes, u32 textBytes, u32 keywordBytes
 *   header: UTF-8 JSON (bulletin summary, chunk metadata in columns), padded to 4 bytes
 *   texts:  the chunk texts one after another, UTF-16 (the header gives their lengths), padded to 4
 *   keyword statistics (src/search/bm25-segment.ts)
 * Chunk metadata is small and stays JSON; texts and postings are binary so that loading does not
 * parse them.
 */
import type { Chunk } from '../domain/chunk.js';
import { Bm25Segment, SegmentFormatError } from '../search/bm25-segment.js';
import { z } from 'zod';
import type { BulletinSummary } from '../domain/corpus.js';
import { bulletinSummarySchema } from './corpus-data.js';
import { JsonFileError, parseJson } from '../util/json-file.js';

export const SEGMENT_VERSION = 1;
const MAGIC = 'BQSG';
const PREFIX_BYTES = 20;

/** What a segment holds of a bulletin. */
export interface SegmentContent {
  bulletin: BulletinSummary;
  articles: number;
  chunks: Chunk[];
}

export interface Segment extends SegmentContent {
  keyword: Bm25Segment;
}

const count = z.number().int().nonnegative();

/** The segment's JSON header: the bulletin, and its chunks' metadata in columns. */
const headerSchema = z.object({
  bulletin: bulletinSummarySchema,
  articles: count,
  file: z.string(),
  issue: z.object({ year: z.number().int(), number: z.number().int(), total: z.number().int(), date: z.string() }),
  /** Per article index: [title, category]. */
  articleInfo: z.record(z.string(), z.tuple([z.string(), z.string()])),
  sections: z.array(z.array(z.string())),
  pages: z.array(z.tuple([z.number().int(), z.number().int().nullable()])),
  /** Per chunk: id, articleIndex, section slot, pages slot, ordinal, kind (1 = editor's note), text length in UTF-16 units. */
  rows: z.array(z.tuple([z.string(), count, count, count, count, z.union([z.literal(0), z.literal(1)]), count])),
});

type Header = z.infer<typeof headerSchema>;

const align4 = (n: number) => (n + 3) & ~3;

export function encodeSegment(content: SegmentContent, keyword: Bm25Segment): Uint8Array {
  const { bulletin, articles, chunks } = content;
  const first = chunks[0];
  const sections = new Slots<string[]>((s) => JSON.stringify(s));
  const pages = new Slots<[number, number | null]>((p) => `${p[0]}:${p[1]}`);
  const articleInfo: Header['articleInfo'] = {};
  for (const c of chunks) {
    if (c.file !== first!.file || c.issue.total !== first!.issue.total)
      throw new Error(`a segment holds one bulletin's chunks (${c.file} in ${first!.file})`);
    articleInfo[c.articleIndex] = [c.title, c.category];
  }
  const header: Header = {
    bulletin,
    articles,
    file: first?.file ?? bulletin.file,
    issue: first?.issue ?? {
      year: bulletin.cover.year,
      number: bulletin.cover.number,
      total: bulletin.cover.total,
      date: bulletin.cover.date,
    },
    articleInfo,
    // Filled while the rows below are made (same arrays).
    sections: sections.values,
    pages: pages.values,
    rows: chunks.map((c) => [
      c.id,
      c.articleIndex,
      sections.slot(c.sectionPath),
      pages.slot([c.pages.start, c.pages.end]),
      c.ordinal,
      c.kind === 'editor-note' ? 1 : 0,
      c.text.length,
    ]),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const texts = Buffer.from(chunks.map((c) => c.text).join(''), 'utf16le');
  const postings = keyword.encode();
  const out = Buffer.alloc(PREFIX_BYTES + align4(json.length) + align4(texts.length) + postings.length);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(SEGMENT_VERSION, 4);
  out.writeUInt32LE(json.length, 8);
  out.writeUInt32LE(texts.length, 12);
  out.writeUInt32LE(postings.length, 16);
  let at = PREFIX_BYTES;
  json.copy(out, at);
  at += align4(json.length);
  texts.copy(out, at);
  at += align4(texts.length);
  out.set(postings, at);
  return out;
}

/** Decodes a segment; anything that does not add up is a SegmentFormatError. */
export function decodeSegment(bytes: Buffer): Segment {
  const { header, textsAt, textBytes, keywordAt, keywordBytes } = readPrefix(bytes);
  const keyword = Bm25Segment.decode(bytes.subarray(keywordAt, keywordAt + keywordBytes));
  if (keyword.docCount !== header.rows.length) throw new SegmentFormatError('keyword statistics and chunks disagree');
  const chunks: Chunk[] = [];
  let at = textsAt;
  const end = textsAt + textBytes;
  for (const [id, articleIndex, section, page, ordinal, kind, length] of header.rows) {
    const info = header.articleInfo[articleIndex];
    const sectionPath = header.sections[section];
    const pages = header.pages[page];
    if (!info || !sectionPath || !pages || at + length * 2 > end) throw new SegmentFormatError('chunk table is inconsistent');
    chunks.push({
      id,
      issue: header.issue,
      category: info[1],
      title: info[0],
      sectionPath,
      pages: { start: pages[0], end: pages[1] },
      articleIndex,
      ordinal,
      kind: kind === 1 ? 'editor-note' : 'body',
      text: bytes.toString('utf16le', at, at + length * 2),
      file: header.file,
    });
    at += length * 2;
  }
  if (at !== end) throw new SegmentFormatError('chunk texts do not add up');
  return { bulletin: header.bulletin, articles: header.articles, chunks, keyword };
}

/** Only the bulletin summary and article count, without decoding chunks or postings. */
export function decodeSegmentSummary(bytes: Buffer): { bulletin: BulletinSummary; articles: number; chunks: number } {
  const { header } = readPrefix(bytes);
  return { bulletin: header.bulletin, articles: header.articles, chunks: header.rows.length };
}

function readPrefix(bytes: Buffer) {
  if (bytes.length < PREFIX_BYTES || bytes.toString('latin1', 0, 4) !== MAGIC) throw new SegmentFormatError('not a segment file');
  const version = bytes.readUInt32LE(4);
  if (version !== SEGMENT_VERSION) throw new SegmentFormatError(`segment version ${version}, expected ${SEGMENT_VERSION}`);
  const headerBytes = bytes.readUInt32LE(8);
  const textBytes = bytes.readUInt32LE(12);
  const keywordBytes = bytes.readUInt32LE(16);
  const textsAt = PREFIX_BYTES + align4(headerBytes);
  const keywordAt = textsAt + align4(textBytes);
  if (keywordAt + keywordBytes !== bytes.length) throw new SegmentFormatError('segment sizes do not add up (truncated?)');
  let header: Header;
  try {
    header = parseJson(bytes.toString('utf8', PREFIX_BYTES, PREFIX_BYTES + headerBytes), headerSchema, 'segment header');
  } catch (error) {
    if (!(error instanceof JsonFileError)) throw error;
    throw new SegmentFormatError(error.message, { cause: error });
  }
  return { header, textsAt, textBytes, keywordAt, keywordBytes };
}

/** Distinct values numbered in order of first use. */
class Slots<T> {
  readonly values: T[] = [];
  private readonly index = new Map<string, number>();
  constructor(private readonly key: (value: T) => string) {}

  slot(value: T): number {
    const k = this.key(value);
    let i = this.index.get(k);
    if (i === undefined) {
      i = this.values.push(value) - 1;
      this.index.set(k, i);
    }
    return i;
  }
}
