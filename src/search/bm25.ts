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

/** Document frequencies remembered per term; cleared when this many are held. */
const DF_CACHE_LIMIT = 50_000;

export class Bm25Index {
  private readonly bases: number[] = [];
  private readonly avgLength: number;
  readonly size: number;
  private readonly dfCache = new Map<string, number>();
  /** Scratch score array, reused by every search (search is synchronous). */
  private scores: Float64Array | null = null;

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
    const cached = this.dfCache.get(term);
    if (cached !== undefined) return cached;
    const hash = termHash(term);
    let df = 0;
    for (const s of this.segments) {
      const i = s.find(term, hash);
      if (i >= 0) df += s.frequency(i);
    }
    this.remember(term, df);
    return df;
  }

  private remember(term: string, df: number): void {
    if (this.dfCache.size >= DF_CACHE_LIMIT) this.dfCache.clear();
    this.dfCache.set(term, df);
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
    const { k1, b } = this.params;
    const avg = this.avgLength || 1;
    if (!this.scores || this.scores.length < this.size) this.scores = new Float64Array(this.size);
    const scores = this.scores;
    const touched: number[] = [];
    for (const term of new Set(queryTokens)) {
      const hash = termHash(term);
      const found = this.segments.map((s) => s.find(term, hash));
      const df = found.reduce((n, i, k) => (i >= 0 ? n + this.segments[k]!.frequency(i) : n), 0);
      if (df === 0) continue;
      this.remember(term, df);
      const idf = this.idf(term);
      found.forEach((i, k) => {
        if (i < 0) return;
        const segment = this.segments[k]!;
        const base = this.bases[k]!;
        const [from, to] = segment.postingRange(i);
        const { docs, tfs, docLengths } = segment;
        for (let p = from; p < to; p++) {
          const local = docs[p]!;
          const doc = base + local;
          if (allow && !allow(doc)) continue;
          const tf = tfs[p]!;
          const norm = tf + k1 * (1 - b + (b * docLengths[local]!) / avg);
          if (scores[doc] === 0) touched.push(doc);
          scores[doc] = scores[doc]! + (idf * tf * (k1 + 1)) / norm;
        }
      });
    }
    const hits = topHits(scores, touched, limit);
    for (const doc of touched) scores[doc] = 0;
    return hits;
  }
}

const better = (scores: Float64Array, x: number, y: number) => scores[x]! > scores[y]! || (scores[x] === scores[y] && x < y);

/** The `limit` best documents without sorting all of them: a bounded heap whose root is the worst kept. */
function topHits(scores: Float64Array, docs: number[], limit: number): Bm25Hit[] {
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
