import { foldWidth } from '../../bulletin/normalize.js';
import type { Chunk } from '../../domain/chunk.js';
import type { RankedChunk } from '../../search/retriever.js';
import type { ArticleCatalog, ArticleProfile } from '../articles.js';
import type { QuestionTerms } from './terms.js';
import { answerSentences, isDebris } from '../sentence-quality.js';
import { isHard, runChecks } from '../checks/registry.js';
import type { Check, EvidenceWindow } from '../checks/types.js';
import { predict } from '../decision/logistic.js';
import { candidateFeatures } from '../decision/features.js';
import type { AnswerWeights } from '../decision/weights.js';
import type { QuestionAnalysis } from '../question/analyze.js';
import { sentenceFeatures, type SentenceContext } from './sentence-features.js';
import type { Candidate, PartQuery, ScoredSentence } from './types.js';

/** Articles read as candidates, from the top of the ranking. */
export const MAX_CANDIDATES = 6;
/** Chunks of one article looked at, from the top of the ranking (the best few articles are read whole). */
const CHUNKS_PER_ARTICLE = 4;
/** Articles read in full (every chunk): the answering sentence may sit in a chunk retrieval ranked low. */
const FULLY_READ = 3;
/** Sentences kept per part and article (the evidence a model is shown and /why lists come from these). */
const KEPT_SENTENCES = 6;
/** Sentences shorter than this are headings or debris, not answers. */
const MIN_SENTENCE_CHARS = 6;

export interface CandidateInput {
  q: QuestionAnalysis;
  parts: PartQuery[];
  terms: QuestionTerms;
  ranked: RankedChunk[];
  catalog: ArticleCatalog;
  weights: AnswerWeights;
  /** Keep every scored sentence (fitting reads them all). */
  keepAllSentences?: boolean;
}

/**
 * The best few articles of a ranking as answer candidates. Every sentence of an article is scored
 * as the answer to each part by the sentence model; per part the best one that passes the
 * question's hard checks (when nearly as good as the best) is chosen; the answer model then scores
 * the article from its chosen sentences, its coverage of the question and its soft checks.
 */
export function buildCandidates(input: CandidateInput): Candidate[] {
  const { ranked, catalog } = input;
  const byArticle = new Map<string, RankedChunk[]>();
  for (const r of ranked) {
    const key = catalog.ofChunk(r.chunk).key;
    const list = byArticle.get(key) ?? [];
    if (!list.length && byArticle.size >= MAX_CANDIDATES) continue;
    if (list.length < CHUNKS_PER_ARTICLE) list.push(r);
    byArticle.set(key, list);
  }
  const topScore = ranked[0]?.score || 1;
  const candidates: Candidate[] = [];
  let rank = 0;
  for (const chunks of byArticle.values()) {
    rank++;
    const article = catalog.ofChunk(chunks[0]!.chunk);
    const read = rank <= FULLY_READ ? article.chunks : chunks.map((c) => c.chunk);
    const candidate = readCandidate(input, article, read, rank, chunks[0]!, topScore);
    if (candidate) candidates.push(candidate);
  }
  return candidates;
}

function readCandidate(
  input: CandidateInput,
  article: ArticleProfile,
  chunks: Chunk[],
  rank: number,
  retrieval: RankedChunk,
  topScore: number,
): Candidate | null {
  const { q, parts, terms, catalog, weights } = input;
  // The words that name the article (its title's, the places, institutions and documents the
  // question names) find it; the rest say what is asked of it.
  const naming = [
    article.toc.title.toLowerCase(),
    ...q.constraints.places.map((p) => p.text),
    ...q.constraints.institutions.map((i) => i.text.toLowerCase()),
    ...q.constraints.documents.map((d) => d.toLowerCase()),
  ];
  const questionAsked = terms.without(naming);
  const askedOf = parts.map((part) => part.terms.without(naming));
  const firstBody = article.chunks.find((c) => c.kind === 'body');
  const scored: ScoredSentence[][] = parts.map(() => []);
  for (const chunk of chunks) {
    const sentences = answerSentences(chunk.text);
    sentences.forEach((sentence, i) => {
      if (sentence.length < MIN_SENTENCE_CHARS || isDebris(sentence)) return;
      const lead = chunk === firstBody && i < 2;
      parts.forEach((part, p) => {
        const ctx: SentenceContext = {
          part,
          asked: askedOf[p]!,
          questionAsked,
          all: terms,
          focus: q.focus,
          years: q.constraints.years,
          article,
          rank,
        };
        const features = sentenceFeatures(ctx, chunk, sentences, i, lead);
        scored[p]!.push({
          chunk,
          sentence,
          before: sentences[i - 1] ?? '',
          after: sentences[i + 1] ?? '',
          features,
          score: predict(weights.sentence, features),
        });
      });
    });
  }
  if (!scored[0]!.length) return null;
  for (const list of scored) list.sort((a, b) => b.score - a.score);
  const articleText = catalog.text(article);
  const checksOf = (s: ScoredSentence): Check[] => runChecks({ q, terms, article, window: windowOf(s), catalog, articleText }, 'hard');
  const share = weights.thresholds.choiceShare.value;
  // Per part: the best sentence that passes the hard checks, when it scores nearly as well as the best.
  const chosen = scored.map((list) => {
    const best = list[0]!;
    return list.filter((s) => s.score >= best.score * share).find((s) => checksOf(s).every((c) => c.ok)) ?? best;
  });
  const window = windowOf(chosen[0]!);
  const checks = runChecks({ q, terms, article, window, catalog, articleText }, 'all');
  const passed = checks.every((c) => c.ok || !isHard(c));
  const topicTerms = terms.without(
    q.constraints.places.map((p) => p.text),
    { singleCharacters: false },
  );
  const coverage = terms.coverage(
    foldWidth(`${article.toc.title} ${chosen[0]!.chunk.sectionPath.join(' ')} ${window.text}`).toLowerCase(),
    true,
  );
  const articleCoverage = terms.coverage(articleText, true);
  const topicCoverage = topicTerms.wholeWordCoverage(`${article.toc.title} ${window.text}`);
  const base = { article, rank, retrieval, chosen, window, checks, passed, coverage, articleCoverage, topicCoverage };
  const features = candidateFeatures({
    ...base,
    q,
    terms,
    asked: askedOf,
    articleText,
    scored,
    retrievalShare: retrieval.score / topScore,
  });
  return {
    ...base,
    sentences: input.keepAllSentences ? scored : scored.map((list) => list.slice(0, KEPT_SENTENCES)),
    features,
    score: predict(weights.answer, features),
  };
}

export function windowOf(s: ScoredSentence): EvidenceWindow {
  return { sentence: s.sentence, before: s.before, text: `${s.before}${s.sentence}${s.after}`, passage: s.chunk.text };
}
