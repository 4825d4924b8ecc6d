/** Okapi BM25 over pre-tokenized documents, serialisable to JSON. */

export interface Bm25Params {
  k1: number;
  b: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 };

export interface Bm25Data {
  params: Bm25Params;
  ids: string[];
  lengths: number[];
  /** term → flat [docIndex, termFrequency, docIndex, termFrequency, …] */
  postings: Record<string, number[]>;
}

export interface Bm25Hit {
  doc: number;
  score: number;
}

export class Bm25Index {
  private readonly avgLength: number;

  private constructor(private readonly data: Bm25Data) {
    const total = data.lengths.reduce((a, b) => a + b, 0);
    this.avgLength = data.lengths.length ? total / data.lengths.length : 0;
  }

  static build(docs: Array<{ id: string; tokens: string[] }>, params: Bm25Params = DEFAULT_BM25): Bm25Index {
    const postings: Record<string, number[]> = {};
    docs.forEach((doc, d) => {
      const tf = new Map<string, number>();
      for (const t of doc.tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [term, n] of tf) (postings[term] ??= []).push(d, n);
    });
    return new Bm25Index({ params, ids: docs.map((d) => d.id), lengths: docs.map((d) => d.tokens.length), postings });
  }

  static fromJSON(data: Bm25Data): Bm25Index {
    return new Bm25Index(data);
  }

  toJSON(): Bm25Data {
    return this.data;
  }

  get size(): number {
    return this.data.ids.length;
  }

  id(doc: number): string {
    return this.data.ids[doc]!;
  }

  /** Number of documents that contain the term. */
  documentFrequency(term: string): number {
    return (this.data.postings[term]?.length ?? 0) / 2;
  }

  /** BM25's idf, floored at a small positive value so that very common terms still count a little. */
  idf(term: string): number {
    const n = this.size;
    const df = this.documentFrequency(term);
    return Math.max(0.01, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }

  /** Scores every document that shares a term with the query; `allow` filters documents by index. */
  search(queryTokens: string[], limit: number, allow?: (doc: number) => boolean): Bm25Hit[] {
    const { k1, b } = this.data.params;
    const scores = new Map<number, number>();
    for (const term of new Set(queryTokens)) {
      const list = this.data.postings[term];
      if (!list) continue;
      const idf = this.idf(term);
      for (let i = 0; i < list.length; i += 2) {
        const doc = list[i]!;
        if (allow && !allow(doc)) continue;
        const tf = list[i + 1]!;
        const norm = tf + k1 * (1 - b + (b * this.data.lengths[doc]!) / (this.avgLength || 1));
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (k1 + 1)) / norm);
      }
    }
    return [...scores]
      .map(([doc, score]) => ({ doc, score }))
      .sort((x, y) => y.score - x.score || x.doc - y.doc)
      .slice(0, limit);
  }
}
