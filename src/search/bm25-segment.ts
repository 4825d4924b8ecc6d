/**
 * The keyword statistics of one segment (one bulletin's chunks): document lengths and postings in
 * typed arrays, with a sorted table of term hashes for lookup. A segment is written once and never
 * changes; corpus-wide figures (document frequencies, average length) are sums over segments, so
 * adding or removing a bulletin touches no other segment.
 *
 * Binary layout (little-endian, every array starting on a 4-byte boundary):
 *   u32 docCount, u32 termCount, u32 postingCount, u32 flags (bit 0: document numbers are u32)
 *   u32 docLengths[docCount]
 *   u32 hashes[termCount]            sorted ascending (ties: by term)
 *   u32 termStarts[termCount + 1]    offsets into termChars, in UTF-16 code units
 *   u32 postingStarts[termCount + 1] offsets into docs / tfs
 *   u16|u32 docs[postingCount]       ascending within a term
 *   u16 tfs[postingCount]
 *   u16 termChars[…]                 the terms, UTF-16
 * We wrote our own format because postings must load without parsing (no JSON, no per-term
 * objects) and no maintained package offers a small immutable inverted index for Node.
 */

import { AppError } from '../util/app-error.js';

export class SegmentFormatError extends AppError {
  override readonly name = 'SegmentFormatError';
}

const HEADER_WORDS = 4;
const WIDE_DOCS = 1;

/** FNV-1a over UTF-16 code units: cheap, and collisions only cost a string comparison. */
export function termHash(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const align4 = (n: number) => (n + 3) & ~3;

export class Bm25Segment {
  private constructor(
    readonly docLengths: Uint32Array,
    private readonly hashes: Uint32Array,
    private readonly termStarts: Uint32Array,
    private readonly postingStarts: Uint32Array,
    readonly docs: Uint16Array | Uint32Array,
    readonly tfs: Uint16Array,
    private readonly termChars: Uint16Array,
  ) {}

  /** One document's tokens per entry, in document order. */
  static build(docTokens: string[][]): Bm25Segment {
    const postings = new Map<string, number[]>();
    const docLengths = new Uint32Array(docTokens.length);
    docTokens.forEach((tokens, d) => {
      docLengths[d] = tokens.length;
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [term, n] of tf) {
        let list = postings.get(term);
        if (!list) postings.set(term, (list = []));
        list.push(d, Math.min(n, 0xffff));
      }
    });
    const terms = [...postings.keys()].map((term) => ({ term, hash: termHash(term) }));
    terms.sort((a, b) => a.hash - b.hash || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
    const postingCount = terms.reduce((n, t) => n + postings.get(t.term)!.length / 2, 0);
    const chars = terms.reduce((n, t) => n + t.term.length, 0);
    const hashes = new Uint32Array(terms.length);
    const termStarts = new Uint32Array(terms.length + 1);
    const postingStarts = new Uint32Array(terms.length + 1);
    const docs = docTokens.length > 0xffff ? new Uint32Array(postingCount) : new Uint16Array(postingCount);
    const tfs = new Uint16Array(postingCount);
    const termChars = new Uint16Array(chars);
    let c = 0;
    let p = 0;
    terms.forEach(({ term, hash }, i) => {
      hashes[i] = hash;
      termStarts[i] = c;
      for (let k = 0; k < term.length; k++) termChars[c++] = term.charCodeAt(k);
      postingStarts[i] = p;
      const list = postings.get(term)!;
      for (let k = 0; k < list.length; k += 2) {
        docs[p] = list[k]!;
        tfs[p++] = list[k + 1]!;
      }
    });
    termStarts[terms.length] = c;
    postingStarts[terms.length] = p;
    return new Bm25Segment(docLengths, hashes, termStarts, postingStarts, docs, tfs, termChars);
  }

  static decode(bytes: Uint8Array): Bm25Segment {
    if (bytes.byteLength < HEADER_WORDS * 4) throw new SegmentFormatError('keyword section is truncated');
    // Copied once into an aligned buffer of its own, so that the file's other sections can be freed.
    const buffer = new ArrayBuffer(align4(bytes.byteLength));
    new Uint8Array(buffer).set(bytes);
    const [docCount, termCount, postingCount, flags] = new Uint32Array(buffer, 0, HEADER_WORDS);
    let at = HEADER_WORDS * 4;
    const take = <T>(make: (offset: number, length: number) => T, length: number, width: number): T => {
      if (at + length * width > bytes.byteLength) throw new SegmentFormatError('keyword section is truncated');
      const view = make(at, length);
      at = align4(at + length * width);
      return view;
    };
    const u32 = (length: number) => take((o, n) => new Uint32Array(buffer, o, n), length, 4);
    const docLengths = u32(docCount!);
    const hashes = u32(termCount!);
    const termStarts = u32(termCount! + 1);
    const postingStarts = u32(termCount! + 1);
    const docs = flags! & WIDE_DOCS ? u32(postingCount!) : take((o, n) => new Uint16Array(buffer, o, n), postingCount!, 2);
    const tfs = take((o, n) => new Uint16Array(buffer, o, n), postingCount!, 2);
    const chars = termStarts[termCount!]!;
    const termChars = take((o, n) => new Uint16Array(buffer, o, n), chars, 2);
    // Sizes only: the file's CRC-32 was checked against the manifest before, and walking every
    // term to check its order cost a tenth of a second at 500 issues.
    if (
      align4(at) !== align4(bytes.byteLength) ||
      postingStarts[termCount!] !== postingCount ||
      termStarts[0] !== 0 ||
      postingStarts[0] !== 0
    )
      throw new SegmentFormatError('keyword section sizes do not add up');
    return new Bm25Segment(docLengths, hashes, termStarts, postingStarts, docs, tfs, termChars);
  }

  encode(): Uint8Array {
    const parts: ArrayBufferView[] = [
      new Uint32Array([this.docCount, this.termCount, this.docs.length, this.docs instanceof Uint32Array ? WIDE_DOCS : 0]),
      this.docLengths,
      this.hashes,
      this.termStarts,
      this.postingStarts,
      this.docs,
      this.tfs,
      this.termChars,
    ];
    const out = new Uint8Array(parts.reduce((n, p) => align4(n + p.byteLength), 0));
    let at = 0;
    for (const p of parts) {
      out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
      at = align4(at + p.byteLength);
    }
    return out;
  }

  get docCount(): number {
    return this.docLengths.length;
  }

  get termCount(): number {
    return this.hashes.length;
  }

  /** Index of the term in this segment, or −1. `hash` is termHash(term), computed once per query term. */
  find(term: string, hash: number): number {
    const hashes = this.hashes;
    let lo = 0;
    let hi = hashes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (hashes[mid]! < hash) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < hashes.length && hashes[i] === hash; i++) if (this.termEquals(i, term)) return i;
    return -1;
  }

  /** Documents that contain term `i`. */
  frequency(i: number): number {
    return this.postingStarts[i + 1]! - this.postingStarts[i]!;
  }

  postingRange(i: number): [number, number] {
    return [this.postingStarts[i]!, this.postingStarts[i + 1]!];
  }

  totalLength(): number {
    let total = 0;
    for (const n of this.docLengths) total += n;
    return total;
  }

  private termEquals(i: number, term: string): boolean {
    const start = this.termStarts[i]!;
    if (this.termStarts[i + 1]! - start !== term.length) return false;
    for (let k = 0; k < term.length; k++) if (this.termChars[start + k] !== term.charCodeAt(k)) return false;
    return true;
  }
}
