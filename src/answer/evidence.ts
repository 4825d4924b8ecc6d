import type { Chunk } from '../ingest/chunk-types.js';
import type { Bm25Index } from '../search/bm25.js';
import { foldWidth } from '../bulletin/normalize.js';
import { splitSentences } from '../ingest/sentences.js';

/**
 * How much of the question a text covers: the idf-weighted share of the question's terms that
 * occur in it. Sub-word tokens from jieba's search mode ("互联", "联网", "互联网") all count, so a
 * term the text has in full covers more than one it only shares a character pair with.
 */
export class Evidence {
  private readonly terms: Array<{ term: string; weight: number }>;
  private readonly totalWeight: number;

  constructor(queryTokens: string[], keyword: Bm25Index) {
    this.terms = [...new Set(queryTokens)].map((term) => ({ term, weight: keyword.idf(term) }));
    this.totalWeight = this.terms.reduce((n, t) => n + t.weight, 0);
  }

  get isEmpty(): boolean {
    return this.terms.length === 0;
  }

  coverage(text: string): number {
    if (!this.totalWeight) return 0;
    const haystack = foldWidth(text).toLowerCase();
    let covered = 0;
    for (const t of this.terms) if (haystack.includes(t.term)) covered += t.weight;
    return covered / this.totalWeight;
  }

  /**
   * The best coverage of a sentence read with its neighbours and its article title, over a
   * chunk's sentences. Answers sit in one place: terms scattered over a long passage are weaker
   * evidence than the same terms around one sentence.
   */
  bestWindowCoverage(chunk: Chunk): number {
    const sentences = splitSentences(chunk.text);
    let best = 0;
    for (let i = 0; i < sentences.length; i++) {
      best = Math.max(best, this.coverage(`${chunk.title} ${sentences[i - 1] ?? ''}${sentences[i]}${sentences[i + 1] ?? ''}`));
    }
    return best;
  }

  /** Coverage of a chunk read with its article title and section headings. */
  chunkCoverage(chunk: Chunk): number {
    return this.coverage(`${chunk.title} ${chunk.sectionPath.join(' ')} ${chunk.text}`);
  }
}
