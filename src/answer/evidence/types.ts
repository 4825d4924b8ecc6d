import type { Chunk } from '../../domain/chunk.js';
import type { Citation } from '../../domain/citation.js';
import type { RankedChunk } from '../../search/retriever.js';
import type { ArticleProfile } from '../articles.js';
import type { QuestionTerms } from './terms.js';
import type { Check, EvidenceWindow } from '../checks/types.js';
import type { FeatureVector } from '../decision/logistic.js';
import type { AttributeGroup } from '../question/attribute.js';
import type { QuestionAnalysis } from '../question/analyze.js';
import type { Retrieval } from '../search.js';
import type { AnswerKind } from '../answer-kind.js';

/** One part of a question as evidence reads it: its words (idf-weighted), the kind of value it asks. */
export interface PartQuery {
  index: number;
  text: string;
  terms: QuestionTerms;
  /** The kind of value asked ("多少万元" → an amount in 万元), null when none. */
  value: RegExp | null;
  attribute: AttributeGroup[];
  /** The part asks for a document's targets ("目标是什么"). */
  asksTarget: boolean;
  /** The kind of thing the part asks for when not a value (a place, an institution, whether it may be done). */
  kind: AnswerKind | null;
}

/** A sentence of an article scored as the answer to one part. */
export interface ScoredSentence {
  chunk: Chunk;
  sentence: string;
  before: string;
  after: string;
  features: FeatureVector;
  /** The fitted sentence model's probability that the sentence holds what the part asks. */
  score: number;
}

/** An article that might answer, with its best sentences per part and how it fares. */
export interface Candidate {
  article: ArticleProfile;
  /** Rank of the article in the retrieval results (1 = best). */
  rank: number;
  retrieval: RankedChunk;
  /** Per part, its best sentences in this article, best first. */
  sentences: ScoredSentence[][];
  /** Per part, the sentence that would answer it (the best one that passes the hard checks, when one nearly as good does). */
  chosen: ScoredSentence[];
  /** The window of the first part's chosen sentence: what the checks read. */
  window: EvidenceWindow;
  checks: Check[];
  /** Every hard check passed. */
  passed: boolean;
  /** Tolerant coverage of the question's terms by the window (with the title), by the article, and of its topic alone. */
  coverage: number;
  articleCoverage: number;
  topicCoverage: number;
  features: FeatureVector;
  /** The fitted answer model's probability that this article answers the question. */
  score: number;
}

/** The evidence for one question, or for one subject of a comparison. */
export interface EvidenceGroup {
  /** The subject of a comparison; '' for the question itself. */
  subject: string;
  question: QuestionAnalysis;
  parts: PartQuery[];
  terms: QuestionTerms;
  retrieval: Retrieval;
  candidates: Candidate[];
}

/** An article that a list question's topic is spoken of in, with why. */
export interface ListMatch {
  article: ArticleProfile;
  /** The sentence that speaks of the topic (empty when the article matched by its title or issuer alone). */
  sentence: string;
  chunk: Chunk | null;
  reason: string;
  citation: Citation;
  /** The catalogue line: issue, date, column, issuer, level. */
  catalogue: string;
}

export interface ListEvidence {
  criteria: Record<string, unknown>;
  matches: ListMatch[];
  /** The question stated nothing a list can be drawn by. */
  empty: boolean;
}

/** A passage a language model is shown: a window of sentences (or a catalogue line) with its source. */
export interface EvidencePassage {
  chunk: Chunk;
  text: string;
  /** Why it is there: 'part 1', 'subject 重庆', 'list', 'catalogue'. */
  role: string;
}

export interface Evidence {
  retrieval: Retrieval;
  /** One group for a question, one per subject for a comparison. */
  groups: EvidenceGroup[];
  list: ListEvidence | null;
  /** What a language model is shown, within the character budget. */
  passages: EvidencePassage[];
}
