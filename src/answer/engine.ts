import type { Bm25Index } from '../search/bm25.js';
import type { CorpusData } from '../store/corpus-data.js';
import { analyzeQuery, detectLanguage, type Language } from '../search/query.js';
import { articleKey, diversify, type RankedChunk, type Retriever } from '../search/retriever.js';
import type { Chunk } from '../ingest/chunk-types.js';
import { foldWidth } from '../bulletin/normalize.js';
import { placesIn } from './places.js';
import { expectedValue } from './answer-type.js';
import { asksForList, relevantArticles, type ArticleHit } from './aggregate.js';
import { splitSentences } from '../ingest/sentences.js';
import { silentLogger, type Logger } from '../util/log.js';
import { Evidence } from './evidence.js';
import { DEFAULT_EXTRACTIVE, pickSentences, type PickedSentence } from './extractive.js';
import { answerMeta } from './meta.js';
import { citationFromChunk, formatCitation, sameSource } from './citation.js';
import { standaloneQuestion } from './follow-up.js';
import { texts } from './texts.js';
import type { Answer, Citation, Conversation } from './types.js';

export interface EngineSettings {
  /** Below this share of the question's weighted terms in the best passage, the bot says it found nothing. */
  minCoverage: number;
  maxQuestionChars: number;
  /** Chunks fetched from the retriever before diversifying. */
  retrieveLimit: number;
  /** Turns kept per conversation. */
  historyTurns: number;
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = { minCoverage: 0.52, maxQuestionChars: 500, retrieveLimit: 40, historyTurns: 10 };

export interface AnswerEngineDeps {
  corpus: CorpusData;
  keyword: Bm25Index;
  retriever: Retriever;
  log?: Logger;
  settings?: Partial<EngineSettings>;
}

/** The one entry point of the core: a question (and its conversation) in, one answer object out. */
export interface AnswerEngine {
  answer(question: string, conversation?: Conversation): Promise<Answer>;
  readonly corpus: CorpusData;
  readonly retrievalMode: string;
}

export class InputError extends Error {
  override readonly name = 'InputError';
}

export function createAnswerEngine(deps: AnswerEngineDeps): AnswerEngine {
  const settings = { ...DEFAULT_ENGINE_SETTINGS, ...deps.settings };
  const log = deps.log ?? silentLogger;
  const issues = deps.corpus.bulletins.length;
  const articleTexts = new Map<string, string>();
  for (const c of deps.corpus.chunks) {
    const key = articleKey(c);
    articleTexts.set(key, `${articleTexts.get(key) ?? c.title} ${c.text}`);
  }
  const articleText = (chunk: Chunk) => foldWidth(articleTexts.get(articleKey(chunk)) ?? '');

  async function answerStandalone(question: string, searchText: string, language: Language): Promise<Answer> {
    const meta = answerMeta(searchText, language, deps.corpus.bulletins);
    if (meta) return { ...meta, question };

    const query = analyzeQuery(searchText);
    const { ranked, mentionsPlaces } = preferNamedPlaces(await deps.retriever.search(query, settings.retrieveLimit), query.tokens);
    const evidence = new Evidence(query.tokens, deps.keyword);
    const retrieved = diversify(ranked).slice(0, 10).map((r) => citationFromChunk(r.chunk, leadQuote(r), r.score));
    const strength = Math.max(0, ...mentionsPlaces.slice(0, 10).map((r) => evidence.bestWindowCoverage(r.chunk)));
    log.debug('retrieval', { mode: deps.retriever.mode, tokens: query.tokens, filters: query.filters, hits: ranked.length, strength });
    

    if (asksForList(searchText)) {
      const articles = relevantArticles(mentionsPlaces, evidence, settings.minCoverage * 0.8);
      if (articles.length > 1) return listAnswer(question, language, articles, evidence, retrieved);
    }
    if (!mentionsPlaces.length || evidence.isEmpty || strength < settings.minCoverage) return refusal(question, language, retrieved);
    const picked = withExpectedValue(searchText, pickSentences(searchText, mentionsPlaces, evidence, DEFAULT_EXTRACTIVE), evidence, settings.minCoverage * VALUE_SENTENCE_SHARE);
    if (!picked.length) return refusal(question, language, retrieved);
    return extractiveAnswer(question, language, picked, retrieved);
  }

  /**
   * A question that names a place is answered only from articles that mention it: "江西的政策"
   * must not be answered from Shandong's. Such articles move to the front of the ranking.
   */
  function preferNamedPlaces(ranked: RankedChunk[], tokens: string[]): { ranked: RankedChunk[]; mentionsPlaces: RankedChunk[] } {
    const places = placesIn(tokens.join(' '));
    if (!places.length) return { ranked, mentionsPlaces: ranked };
    const mentions = (r: RankedChunk) => places.every((p) => articleText(r.chunk).includes(p));
    const withPlaces = ranked.filter(mentions);
    return { ranked: [...withPlaces, ...ranked.filter((r) => !mentions(r))], mentionsPlaces: withPlaces };
  }

  function refusal(question: string, language: Language, retrieved: Citation[]): Answer {
    const t = texts(language);
    const closest = uniqueSources(retrieved).slice(0, 3);
    const lines = [t.notFound(issues, question)];
    if (closest.length) lines.push(t.closest, ...closest.map((c) => `- ${formatCitation(c, language)}`));
    return { question, text: lines.join('\n'), found: false, citations: [], retrieved, language, kind: 'refusal' };
  }

  return {
    corpus: deps.corpus,
    retrievalMode: deps.retriever.mode,
    async answer(rawQuestion: string, conversation?: Conversation): Promise<Answer> {
      const question = rawQuestion.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g, '').trim();
      const language = detectLanguage(question);
      if (!question) throw new InputError(texts(language).emptyQuestion);
      if (question.length > settings.maxQuestionChars) throw new InputError(texts(language).tooLong(settings.maxQuestionChars));
      const searchText = conversation ? standaloneQuestion(question, conversation.history) : question;
      const result = await answerStandalone(question, searchText, language);
      const answer: Answer = searchText !== question ? { ...result, standaloneQuestion: searchText } : result;
      if (conversation) {
        conversation.history.push({ question, answer });
        if (conversation.history.length > settings.historyTurns) conversation.history.splice(0, conversation.history.length - settings.historyTurns);
      }
      return answer;
    },
  };
}

function extractiveAnswer(question: string, language: Language, picked: PickedSentence[], retrieved: Citation[]): Answer {
  const citations: Citation[] = [];
  const lines = [texts(language).answerHead];
  picked.forEach((p, i) => {
    const citation = citationFromChunk(p.ranked.chunk, p.sentence, p.score);
    if (!citations.some((c) => sameSource(c, citation))) citations.push(citation);
    lines.push(`${i + 1}. ${p.sentence}\n   ——${formatCitation(citation, language)}`);
  });
  return { question, text: lines.join('\n'), found: true, citations, retrieved, language, kind: 'search' };
}

function listAnswer(question: string, language: Language, articles: ArticleHit[], evidence: Evidence, retrieved: Citation[]): Answer {
  const head = language === 'en' ? `${articles.length} articles in the indexed issues bear on this:` : `已收录的简报中有${articles.length}篇相关文章：`;
  const citations: Citation[] = [];
  const lines = [head];
  articles.forEach((a, i) => {
    const [sentence] = pickSentences(question, [a.best], evidence, { ...DEFAULT_EXTRACTIVE, maxSentences: 1 });
    const citation = citationFromChunk(a.best.chunk, sentence?.sentence ?? leadQuote(a.best), a.coverage);
    citations.push(citation);
    lines.push(`${i + 1}. ${formatCitation(citation, language)}${sentence ? `\n   “${sentence.sentence}”` : ''}`);
  });
  return { question, text: lines.join('\n'), found: true, citations, retrieved, language, kind: 'search' };
}

/** The sentence holding the asked-for value must itself (with its title) cover this share of the bar. */
const VALUE_SENTENCE_SHARE = 0.75;

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

function uniqueSources(citations: Citation[]): Citation[] {
  return citations.filter((c, i) => citations.findIndex((d) => sameSource(c, d)) === i);
}

/** The first sentences of a chunk, as the quote of a retrieval result. */
function leadQuote(r: RankedChunk): string {
  let quote = '';
  for (const s of splitSentences(r.chunk.text)) {
    if (quote && quote.length + s.length > 160) break;
    quote += s;
  }
  return quote.slice(0, 240);
}
