import { foldWidth } from '../../bulletin/normalize.js';
import { tagWords } from '../../search/tokenize.js';
import type { ArticleProfile } from '../articles.js';
import { contains, type QuestionTerms } from '../evidence/terms.js';
import type { Check } from '../checks/types.js';
import type { ScoredSentence } from '../evidence/types.js';
import type { QuestionAnalysis } from '../question/analyze.js';
import type { FeatureVector } from './logistic.js';

export interface CandidateFeatureInput {
  q: QuestionAnalysis;
  terms: QuestionTerms;
  /** Per part, the words that ask (not those naming the article). */
  asked: QuestionTerms[];
  article: ArticleProfile;
  articleText: string;
  rank: number;
  /** The retrieval score of the article's best chunk over the best chunk's. */
  retrievalShare: number;
  /** Per part, every scored sentence (best first), and the chosen one. */
  scored: ScoredSentence[][];
  chosen: ScoredSentence[];
  checks: Check[];
  coverage: number;
  articleCoverage: number;
  topicCoverage: number;
}

/**
 * The features of an article as the answer to a question: how well its chosen sentences answer
 * each part (the sentence model's probabilities), how much of the question it covers (window,
 * article, title), which of the question's words it lacks, where retrieval put it, what the soft
 * checks found. The answer model (data/answer-weights.json) turns them into a probability.
 */
export function candidateFeatures(c: CandidateFeatureInput): FeatureVector {
  const { q, terms, article } = c;
  const chosenScores = c.chosen.map((s) => s.score);
  const total = terms.terms.reduce((n, t) => n + t.weight, 0) || 1;
  const lacking = terms.terms.filter((t) => !t.variants.some((v) => contains(c.articleText, v)));
  const share = (list: typeof terms.terms) => list.reduce((n, t) => n + t.weight, 0) / total;
  const failed = (name: Check['name']) => (c.checks.some((k) => k.name === name && !k.ok) ? 1 : 0);
  const passedCheck = (name: Check['name']) => (c.checks.some((k) => k.name === name && k.ok) ? 1 : 0);
  const intent = q.intent.kind;
  // What each part asks that its chosen sentence (with the one before) does not say, and that the
  // article never says: words the bulletins use (a reader's own words cannot be expected in them)
  // and, of those, the rarest one.
  const known = c.asked.map((a) => a.onlyKnown());
  const missing = (a: QuestionTerms, text: string) => (a.isEmpty ? 0 : 1 - a.wholeWordCoverage(text));
  const askedMissing = Math.max(0, ...c.chosen.map((s, p) => missing(known[p]!, s.before + s.sentence)));
  const askedAbsent = Math.max(0, ...known.map((a) => missing(a, c.articleText)));
  const rarestMissing = c.chosen.some((s, p) => {
    const rarest = known[p]!.heaviest();
    return !!rarest && !rarest.variants.some((v) => contains(foldWidth(s.before + s.sentence).toLowerCase(), v));
  });
  const where = intent === 'where' ? 1 : 0;
  return {
    sentenceMean: mean(chosenScores),
    sentenceMin: Math.min(...chosenScores),
    sentenceBest: Math.max(...c.scored.map((list) => list[0]?.score ?? 0)),
    coverage: c.coverage,
    articleCoverage: c.articleCoverage,
    titleCoverage: terms.coverage(article.toc.title),
    topicCoverage: c.topicCoverage,
    lackingKnown: share(lacking.filter((t) => t.known)),
    askedMissing,
    askedAbsent,
    rarestMissing: rarestMissing ? 1 : 0,
    dominance: mean(c.scored.map(dominance)),
    // A part that asks for a place, an institution or whether something may be done, answered by a sentence without one.
    kindMissing: c.chosen.some((s) => s.features.kindMissing === 1) ? 1 : 0,
    // A value part whose chosen sentence gives the value away from what is asked ("…奖励100万元" for 最低工资).
    valueFar: c.chosen.some((s) => s.features.valueHeld === 1 && s.features.valueNear === 0) ? 1 : 0,
    unknownWords: share(terms.terms.filter((t) => !t.known)),
    // Names the bulletins never use ("星海市", "低空物流航线" in a corpus without them): the question is
    // about something no article speaks of, unlike a reader's everyday verbs and fillers.
    unknownNouns: share(terms.terms.filter((t) => !t.known && nounish(t.term))),
    rank: 1 / c.rank,
    retrievalShare: Math.min(1, c.retrievalShare),
    where,
    whereArticle: where * c.articleCoverage,
    summary: intent === 'summary' || intent === 'general' ? 1 : 0,
    valueFailed: failed('value'),
    attributeFailed: failed('attribute'),
    topicFailed: failed('topic'),
    aboutFailed: failed('about'),
    quoteFailed: failed('quote'),
    documentNamed: passedCheck('document'),
    placeNamed: passedCheck('place'),
    parts: c.chosen.length > 1 ? 1 : 0,
  };
}

export const CANDIDATE_FEATURES = [
  'sentenceMean',
  'sentenceMin',
  'sentenceBest',
  'coverage',
  'articleCoverage',
  'titleCoverage',
  'topicCoverage',
  'lackingKnown',
  'askedMissing',
  'askedAbsent',
  'rarestMissing',
  'valueFar',
  'dominance',
  'kindMissing',
  'unknownWords',
  'unknownNouns',
  'rank',
  'retrievalShare',
  'where',
  'whereArticle',
  'summary',
  'valueFailed',
  'attributeFailed',
  'topicFailed',
  'aboutFailed',
  'quoteFailed',
  'documentNamed',
  'placeNamed',
  'parts',
] as const;

/** How much the best sentence stands out among the article's sentences for a part: its share of their odds (softmax of the logits). */
function dominance(list: ScoredSentence[]): number {
  if (!list.length) return 0;
  const logits = list.map((s) => Math.log(Math.max(s.score, 1e-9) / Math.max(1 - s.score, 1e-9)));
  const top = Math.max(...logits);
  const total = logits.reduce((n, z) => n + Math.exp(z - top), 0);
  return 1 / total;
}

/** jieba tags of words that name things: nouns, places, organisations, other proper names, Latin words. */
const NOUN_TAG = /^(n|nr|ns|nt|nz|nrt|eng)$/;

function nounish(term: string): boolean {
  const tags = tagWords(term);
  return tags.length > 0 && tags.every((w) => NOUN_TAG.test(w.tag));
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}
