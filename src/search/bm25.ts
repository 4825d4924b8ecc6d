/**
 * Okapi BM25 over pre-tokenized documents, held in segments (one per bulletin). Document numbers
 * run across segments in order; corpus-wide statistics (document frequency, average length) are
 * summed over the segments, so scores are those of a single index over all documents.
 */
import { Bm25Segment, termHash } from './bm25-segment.js';

export interface Bm25Params {
  k1: number;
  b: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 };

export interface Bm25Hit {
  doc: number;
  score: number;
}

/** Term look-ups (where a term is in each segment) kept, in segment entries: bounds the cache's memory (≈16 MB). */
const LOOKUP_CACHE_ENTRIES = 2_000_000;

/** Where a term is: its index in each segment that has it, and its corpus-wide document frequency. */
interface TermLookup {
  /** Pairs of [segment number, term index in that segment]. */
  hits: Int32Array;
  df: number;
}

export class Bm25Index {
  private readonly bases: number[] = [];
  private readonly avgLength: number;
  readonly size: number;
  /** Per document: k1 · (1 − b + b · length / average length), the length part of BM25's denominator. */
  private readonly lengthNorm: Float64Array;
  private readonly lookups = new Map<string, TermLookup>();
  private readonly lookupLimit: number;
  /** Scratch arrays reused by every search (search is synchronous): scores, and the documents that have one. */
  private scores: Float64Array | null = null;
  private touched: Uint32Array | null = null;

  constructor(
    private readonly segments: Bm25Segment[],
    private readonly params: Bm25Params = DEFAULT_BM25,
    private readonly ids?: (doc: number) => string,
  ) {
    let docs = 0;
    let total = 0;
    for (const s of segments) {
      this.bases.push(docs);
      docs += s.docCount;
      total += s.totalLength();
    }
    this.size = docs;
    this.avgLength = docs ? total / docs : 0;
    const { k1, b } = params;
    const avg = this.avgLength || 1;
    this.lengthNorm = new Float64Array(docs);
    segments.forEach((s, k) =>
      s.docLengths.forEach((length, i) => (this.lengthNorm[this.bases[k]! + i] = k1 * (1 - b + (b * length) / avg))),
    );
    this.lookupLimit = Math.max(256, Math.floor(LOOKUP_CACHE_ENTRIES / Math.max(1, segments.length)));
  }

  /** An index of one in-memory segment (tests, small corpora). */
  static build(docs: Array<{ id: string; tokens: string[] }>, params: Bm25Params = DEFAULT_BM25): Bm25Index {
    const ids = docs.map((d) => d.id);
    return new Bm25Index([Bm25Segment.build(docs.map((d) => d.tokens))], params, (doc) => ids[doc]!);
  }

  /** The id given at build time (the chunk id for a loaded index). */
  id(doc: number): string {
    if (!this.ids) throw new Error('this keyword index has no document ids');
    return this.ids(doc);
  }

  /** Number of documents that contain the term. */
  documentFrequency(term: string): number {
    return this.lookup(term).df;
  }

  /** BM25's idf, floored at a small positive value so that very common terms still count a little. */
  idf(term: string): number {
    const n = this.size;
    const df = this.documentFrequency(term);
    return Math.max(0.01, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }

  /**
   * Scores every document that shares a term with the query; `allow` filters documents by index.
   * Best first, ties by document number; the same ranking as one index over all documents.
   */
  search(queryTokens: string[], limit: number, allow?: (doc: number) => boolean): Bm25Hit[] {
    if (!this.scores || this.scores.length < this.size) {
      this.scores = new Float64Array(this.size);
      this.touched = new Uint32Array(this.size);
    }
    const scores = this.scores;
    const touched = this.touched!;
    const factor = this.params.k1 + 1;
    let count = 0;
    for (const term of new Set(queryTokens)) {
      const { hits, df } = this.lookup(term);
      if (df === 0) continue;
      const idf = this.idf(term);
      for (let h = 0; h < hits.length; h += 2) {
        const k = hits[h]!;
        const segment = this.segments[k]!;
        const [from, to] = segment.postingRange(hits[h + 1]!);
        count = accumulate(segment, from, to, this.bases[k]!, idf, factor, this.lengthNorm, scores, touched, count, allow);
      }
    }
    const hits = topHits(scores, touched.subarray(0, count), limit);
    for (let i = 0; i < count; i++) scores[touched[i]!] = 0;
    return hits;
  }

  /** Finds the term in every segment (remembered: questions share many terms). */
  private lookup(term: string): TermLookup {
    const cached = this.lookups.get(term);
    if (cached) return cached;
    const hash = termHash(term);
    const hits: number[] = [];
    let df = 0;
    this.segments.forEach((s, k) => {
      const i = s.find(term, hash);
      if (i < 0) return;
      hits.push(k, i);
      df += s.frequency(i);
    });
    const found = { hits: Int32Array.from(hits), df };
    if (this.lookups.size >= this.lookupLimit) this.lookups.delete(this.lookups.keys().next().value!);
    this.lookups.set(term, found);
    return found;
  }
}

/**
 * Adds one term's BM25 contributions over one segment's postings `from`…`to`; documents scored for
 * the first time are appended to `touched` (a typed array: a growing JS array made this loop 5×
 * slower). Returns the new count of touched documents.
 */
function accumulate(
  segment: Bm25Segment,
  from: number,
  to: number,
  base: number,
  idf: number,
  factor: number,
  lengthNorm: Float64Array,
  scores: Float64Array,
  touched: Uint32Array,
  count: number,
  allow: ((doc: number) => boolean) | undefined,
): number {
  const { docs, tfs } = segment;
  for (let p = from; p < to; p++) {
    const doc = base + docs[p]!;
    if (allow && !allow(doc)) continue;
    const tf = tfs[p]!;
    if (scores[doc] === 0) touched[count++] = doc;
    // Same operations in the same order as tf + k1 · (1 − b + b · len / avg): scores do not change.
    scores[doc] = scores[doc]! + (idf * tf * factor) / (tf + lengthNorm[doc]!);
  }
  return count;
}

const better = (scores: Float64Array, x: number, y: number) => scores[x]! > scores[y]! || (scores[x] === scores[y] && x < y);

/** The `limit` best documents without sorting all of them: a bounded heap whose root is the worst kept. */
function topHits(scores: Float64Array, docs: Uint32Array, limit: number): Bm25Hit[] {
  if (limit <= 0) return [];
  const heap: number[] = [];
  const worse = (i: number, j: number) => better(scores, heap[j]!, heap[i]!);
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < heap.length && worse(l, w)) w = l;
      if (r < heap.length && worse(r, w)) w = r;
      if (w === i) return;
      [heap[i], heap[w]] = [heap[w]!, heap[i]!];
      i = w;
    }
  };
  for (const doc of docs) {
    if (heap.length < limit) {
      heap.push(doc);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(i, parent)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (better(scores, doc, heap[0]!)) {
      heap[0] = doc;
      siftDown(0);
    }
  }
  return heap.sort((x, y) => scores[y]! - scores[x]! || x - y).map((doc) => ({ doc, score: scores[doc]! }));
}
