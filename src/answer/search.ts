import type { Bm25Index } from '../search/bm25.js';
import { analyzeQuery, type AnalyzedQuery } from '../search/query.js';
import { tokenize } from '../search/tokenize.js';
import { diversify, type RankedChunk, type Retriever } from '../search/retriever.js';
import { expansionsFor } from '../knowledge/synonyms.js';
import { samePlace, within } from '../knowledge/places.js';
import type { QuestionAnalysis } from './question/analyze.js';
import type { ArticleCatalog, ArticleProfile } from './articles.js';
import { QuestionTerms } from './evidence/terms.js';
import { citationFromChunk, type Citation } from '../domain/citation.js';
import { leadQuote } from './quote.js';

export interface Retrieval {
  query: AnalyzedQuery;
  /** Words added from the synonym file ("芯片" → 集成电路). */
  expansions: string[];
  ranked: RankedChunk[];
  /** Up to 10 results for the answer's `retrieved`, one per article first. */
  retrieved: Citation[];
  terms: QuestionTerms;
}

/**
 * Retrieval for an analysed question: its focus (with the bulletins' words for everyday ones added
 * to the keyword query), the issue filters it names, then a reordering that puts first the
 * articles the question points at (a named document's article, the issuer it names, the article a
 * follow-up refers to). Nothing is dropped: constraints are checked after, on the evidence.
 */
export async function retrieve(
  q: QuestionAnalysis,
  retriever: Retriever,
  keyword: Bm25Index,
  catalog: ArticleCatalog,
  limit: number,
  preferred: string[] = [],
): Promise<Retrieval> {
  const expansions = q.language === 'en' ? [] : expansionsFor(q.focus);
  const base = analyzeQuery(q.focus);
  const query: AnalyzedQuery = { ...base, filters: q.filters, tokens: [...base.tokens, ...tokenize(expansions.join(' '))] };
  const found = await retriever.search(query, limit);
  const ranked = preferPointedAt(found, q, catalog, preferred);
  const retrieved = diversify(ranked)
    .slice(0, 10)
    .map((r) => citationFromChunk(r.chunk, leadQuote(r.chunk.text), r.score));
  return { query, expansions, ranked, retrieved, terms: new QuestionTerms(`${q.focus}`, q.language, keyword) };
}

function preferPointedAt(ranked: RankedChunk[], q: QuestionAnalysis, catalog: ArticleCatalog, preferred: string[]): RankedChunk[] {
  const documents = q.constraints.documents.flatMap((d) =>
    catalog
      .findByTitle(d)
      .slice(0, 2)
      .map((m) => m.article.key),
  );
  const places = q.constraints.places.map((m) => m.places[0]!);
  const issuedThere = (a: ArticleProfile) =>
    places.length > 0 && a.titlePlaces.some((m) => places.some((p) => samePlace(m.places[0]!, p) || within(m.places[0]!, p)));
  const tier = (r: RankedChunk) => {
    const a = catalog.ofChunk(r.chunk);
    if (documents.includes(a.key)) return 0;
    if (preferred.includes(a.key)) return 1;
    if (issuedThere(a)) return 2;
    return 3;
  };
  const out = [...ranked];
  // A named document's article joins the candidates even when retrieval ranked it low or not at all.
  for (const key of documents) {
    if (out.some((r) => catalog.ofChunk(r.chunk).key === key)) continue;
    const article = catalog.get(key);
    if (article) out.push(...article.chunks.slice(0, 3).map((chunk) => ({ chunk, score: 0 })));
  }
  const tiers = new Map(out.map((r) => [r, tier(r)]));
  // Array sort is stable: within a tier, retrieval's order stays.
  return out.sort((a, b) => tiers.get(a)! - tiers.get(b)!);
}
