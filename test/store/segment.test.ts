import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseBulletin } from '../../src/bulletin/parse.js';
import { chunkBulletin } from '../../src/ingest/chunk.js';
import { Bm25Segment, SegmentFormatError } from '../../src/search/bm25-segment.js';
import { keywordTokens } from '../../src/search/keyword-doc.js';
import { summarize } from '../../src/domain/corpus.js';
import { decodeSegment, decodeSegmentSummary, encodeSegment } from '../../src/store/segment.js';
import { FIXTURE_BULLETINS } from '../helpers/paths.js';

function fixtureSegment(name: string) {
  const bulletin = parseBulletin(name, readFileSync(path.join(FIXTURE_BULLETINS, name), 'utf8'));
  const chunks = chunkBulletin(bulletin);
  const content = { bulletin: summarize(bulletin), articles: bulletin.articles.length, chunks };
  return { content, bytes: Buffer.from(encodeSegment(content, Bm25Segment.build(chunks.map(keywordTokens)))) };
}

describe('segment file', () => {
  it('gives back the chunks, cover and TOC it was written from', () => {
    for (const name of ['issue-a.txt', 'issue-b.md', 'injection.txt']) {
      const { content, bytes } = fixtureSegment(name);
      const decoded = decodeSegment(bytes);
      expect(decoded.chunks).toEqual(content.chunks);
      expect(decoded.bulletin).toEqual(content.bulletin);
      expect(decoded.articles).toBe(content.articles);
      expect(decoded.keyword.docCount).toBe(content.chunks.length);
      expect(decodeSegmentSummary(bytes)).toEqual({
        bulletin: content.bulletin,
        articles: content.articles,
        chunks: content.chunks.length,
      });
    }
  });

  it('keeps texts with characters outside the BMP and empty section paths', () => {
    const { content } = fixtureSegment('issue-a.txt');
    const odd = content.chunks.slice(0, 2).map((c, i) => ({ ...c, text: i ? '𠀀𪚥 生僻字 😀' : '', sectionPath: [] }));
    const bytes = Buffer.from(encodeSegment({ ...content, chunks: odd }, Bm25Segment.build(odd.map(keywordTokens))));
    expect(decodeSegment(bytes).chunks).toEqual(odd);
  });

  it('refuses truncated or foreign bytes with a specific error', () => {
    const { bytes } = fixtureSegment('issue-a.txt');
    expect(() => decodeSegment(bytes.subarray(0, bytes.length - 8))).toThrow(/sizes do not add up/);
    expect(() => decodeSegment(Buffer.from('{"chunks": []}'))).toThrow(/not a segment file/);
    const wrongVersion = Buffer.from(bytes);
    wrongVersion.writeUInt32LE(99, 4);
    expect(() => decodeSegment(wrongVersion)).toThrow(/segment version 99/);
    expect(() => Bm25Segment.decode(new Uint8Array(8))).toThrow(SegmentFormatError);
  });
});
