import type { Bm25Index } from '../search/bm25.js';
import type { CorpusData } from '../store/corpus-data.js';
import { analyzeQuery, type Language } from '../search/query.js';
import { articleKey, diversify, type RankedChunk, type Retriever } from '../search/retriever.js';
import type { Chunk } from '../ingest/chunk-types.js';
import { foldWidth } from '../bulletin/normalize.js';
import { splitSentences } from '../ingest/sentences.js';
import type { Logger } from '../util/log.js';
import { placesIn } from './places.js';
import { expectedValue } from './answer-type.js';
import { asksForList, relevantArticles, type ArticleHit } from './aggregate.js';
import { Evidence } from './evidence.js';
import { DEFAULT_EXTRACTIVE, pickSentences, type PickedSentence } from './extractive.js';
import { citationFromChunk, formatCitation, sameSource } from './citation.js';
import { texts } from './texts.js';
import type { Answer, Citation } from './types.js';

export interface SearchSettings {
  minCoverage: number;
  retrieveLimit: number;
}

/**
 * What search found for a question: a refusal, or an extractive answer together with the passages
 * it rests on (which a language model may write a better answer from).
 */
export type SearchOutcome =
  | { kind: 'refusal'; answer: Answer }
  | { kind: 'answer'; answer: Answer; passages: RankedChunk[]; refusal: Answer };

/** The sentence holding the asked-for value must itself (with its title) cover this share of the bar. */
const VALUE_SENTENCE_SHARE = 0.75;
/** Passages handed to a language model. */
const MAX_PASSAGES = 6;

export class SearchAnswerer {
  private readonly articleTexts = new Map<string, string>();

  constructor(
    private readonly corpus: CorpusData,
    private readonly keyword: Bm25Index,
    private readonly retriever: Retriever,
    private readonly settings: SearchSettings,
    private readonly log: Logger,
  ) {
    for (const c of corpus.chunks) {
      const key = articleKey(c);
      this.articleTexts.set(key, `${this.articleTexts.get(key) ?? c.title} ${c.text}`);
    }
    // Folded once here: the place check reads whole articles for every ranked chunk.
    for (const [key, text] of this.articleTexts) this.articleTexts.set(key, foldWidth(text));
  }

  async search(question: string, searchText: string, language: Language): Promise<SearchOutcome> {
    const query = analyzeQuery(searchText);
    const { ranked, mentionsPlaces } = this.preferNamedPlaces(
      await this.retriever.search(query, this.settings.retrieveLimit),
      query.tokens,
    );
    const evidence = new Evidence(query.tokens, this.keyword);
    const retrieved = diversify(ranked)
      .slice(0, 10)
      .map((r) => citationFromChunk(r.chunk, leadQuote(r), r.score));
    const strength = Math.max(0, ...mentionsPlaces.slice(0, 10).map((r) => evidence.bestWindowCoverage(r.chunk)));
    this.log.debug('retrieval', { mode: this.retriever.mode, tokens: query.tokens, filters: query.filters, hits: ranked.length, strength });

    if (asksForList(searchText)) {
      const articles = relevantArticles(mentionsPlaces, evidence, this.settings.minCoverage * 0.8);
      if (articles.length > 1) {
        const answer = listAnswer(question, language, articles, evidence, retrieved);
        return { kind: 'answer', answer, passages: articles.map((a) => a.best), refusal: this.refusal(question, language, retrieved) };
      }
    }
    if (!mentionsPlaces.length || evidence.isEmpty || strength < this.settings.minCoverage)
      return { kind: 'refusal', answer: this.refusal(question, language, retrieved) };
    const picked = withExpectedValue(
      searchText,
      pickSentences(searchText, mentionsPlaces, evidence, DEFAULT_EXTRACTIVE),
      evidence,
      this.settings.minCoverage * VALUE_SENTENCE_SHARE,
    );
    if (!picked.length) return { kind: 'refusal', answer: this.refusal(question, language, retrieved) };
    const passages = uniqueChunks([...picked.map((p) => p.ranked), ...diversify(mentionsPlaces)]).slice(0, MAX_PASSAGES);
    return {
      kind: 'answer',
      answer: extractiveAnswer(question, language, picked, retrieved),
      passages,
      refusal: this.refusal(question, language, retrieved),
    };
  }

  refusal(question: string, language: Language, retrieved: Citation[]): Answer {
    const t = texts(language);
    const closest = uniqueSources(retrieved).slice(0, 3);
    const lines = [t.notFound(this.corpus.bulletins.length, question)];
    if (closest.length) lines.push(t.closest, ...closest.map((c) => `- ${formatCitation(c, language)}`));
    return { question, text: lines.join('\n'), found: false, citations: [], retrieved, language, kind: 'refusal' };
  }

  /**
   * A question that names a place is answered only from articles that mention it: "江西的政策"
   * must not be answered from Shandong's. Such articles move to the front of the ranking.
   */
  private preferNamedPlaces(ranked: RankedChunk[], tokens: string[]): { ranked: RankedChunk[]; mentionsPlaces: RankedChunk[] } {
    const places = placesIn(tokens.join(' '));
    if (!places.length) return { ranked, mentionsPlaces: ranked };
    const mentions = (r: RankedChunk) => places.every((p) => this.articleText(r.chunk).includes(p));
    const withPlaces = ranked.filter(mentions);
    return { ranked: [...withPlaces, ...ranked.filter((r) => !mentions(r))], mentionsPlaces: withPlaces };
  }

  private articleText(chunk: Chunk): string {
    return this.articleTexts.get(articleKey(chunk)) ?? '';
  }
}

function extractiveAnswer(question: string, language: Language, picked: PickedSentence[], retrieved: Citation[]): Answer {
  const citations: Citation[] = [];
  const lines = [texts(language).answerHead];
  const marked = [texts(language).answerHead];
  picked.forEach((p, i) => {
    const citation = citationFromChunk(p.ranked.chunk, p.sentence, p.score);
    let at = citations.findIndex((c) => sameSource(c, citation));
    if (at < 0) at = citations.push({ ...citation, marker: citations.length + 1 }) - 1;
    lines.push(`${i + 1}. ${p.sentence} [${at + 1}]\n   ——${formatCitation(citation, language)}`);
    marked.push(`${i + 1}. ${p.sentence} [${at + 1}]`);
  });
  return { question, text: lines.join('\n'), markedText: marked.join('\n'), found: true, citations, retrieved, language, kind: 'search' };
}

function listAnswer(question: string, language: Language, articles: ArticleHit[], evidence: Evidence, retrieved: Citation[]): Answer {
  const head =
    language === 'en'
      ? `${articles.length} articles in the indexed issues bear on this:`
      : `已收录的简报中有${articles.length}篇相关文章：`;
  const citations: Citation[] = [];
  const lines = [head];
  const marked = [head];
  articles.forEach((a, i) => {
    const [sentence] = pickSentences(question, [a.best], evidence, { ...DEFAULT_EXTRACTIVE, maxSentences: 1 });
    const citation = { ...citationFromChunk(a.best.chunk, sentence?.sentence ?? leadQuote(a.best), a.coverage), marker: i + 1 };
    citations.push(citation);
    const quote = sentence ? `\n   “${sentence.sentence}”` : '';
    lines.push(`${i + 1}. ${formatCitation(citation, language)} [${i + 1}]${quote}`);
    marked.push(`${i + 1}. 《${citation.title}》 [${i + 1}]${quote}`);
  });
  return { question, text: lines.join('\n'), markedText: marked.join('\n'), found: true, citations, retrieved, language, kind: 'search' };
}

/**
 * When the question asks for a kind of value, the answer leads with a sentence that has one and is
 * about the question; none means no answer ("落户奖励多少万元" is not answered by another subsidy).
 */
function withExpectedValue(question: string, picked: PickedSentence[], evidence: Evidence, minCoverage: number): PickedSentence[] {
  const value = expectedValue(question);
  if (!value) return picked;
  const having = picked.filter((p) => value.test(p.sentence) && evidence.coverage(`${p.ranked.chunk.title} ${p.sentence}`) >= minCoverage);
  if (!having.length) return [];
  return [...having, ...picked.filter((p) => !having.includes(p))];
}

function uniqueChunks(ranked: RankedChunk[]): RankedChunk[] {
  return ranked.filter((r, i) => ranked.findIndex((s) => s.chunk.id === r.chunk.id) === i);
}

export function uniqueSources(citations: Citation[]): Citation[] {
  return citations.filter((c, i) => citations.findIndex((d) => sameSource(c, d)) === i);
}

/** The first sentences of a chunk, as the quote of a retrieval result. */
export function leadQuote(r: RankedChunk): string {
  let quote = '';
  for (const s of splitSentences(r.chunk.text)) {
    if (quote && quote.length + s.length > 160) break;
    quote += s;
  }
  return quote.slice(0, 240);
}
