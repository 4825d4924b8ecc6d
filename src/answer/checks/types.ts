import type { QuestionAnalysis } from '../question/analyze.js';
import type { ArticleCatalog, ArticleProfile } from '../articles.js';
import type { QuestionTerms } from '../evidence/terms.js';

export type CheckName =
  | 'year'
  | 'period'
  | 'place'
  | 'level'
  | 'document'
  | 'institution'
  | 'about'
  | 'topic'
  | 'quote'
  | 'value'
  | 'attribute';

/** One constraint of the question checked against a candidate's evidence. */
export interface Check {
  name: CheckName;
  ok: boolean;
  /** What was compared, in words a tester reads in /why ("asked 2030; the passage says 2025"). */
  detail: string;
  /** For a failed check: what the bulletins hold instead, in the user's words (Chinese). */
  instead?: string;
}

/** The text around a sentence that would answer. */
export interface EvidenceWindow {
  /** The answering sentence. */
  sentence: string;
  /** The sentence before it (same chunk), '' when none. */
  before: string;
  /** The sentence with its neighbours. */
  text: string;
  /** The whole passage (chunk) the sentence stands in. */
  passage: string;
}

/** What a check reads: the question, the candidate article and the window that would answer. */
export interface CheckContext {
  q: QuestionAnalysis;
  terms: QuestionTerms;
  article: ArticleProfile;
  window: EvidenceWindow;
  catalog: ArticleCatalog;
  /** The article's title and text, width-folded and lower-cased. */
  articleText: string;
}

/**
 * A check of the registry. A hard check is a constraint the question states (a year, a place and
 * its level, a named document, an institution, a period), or that the article is about the
 * question at all: failing it vetoes the candidate. A soft
 * check is evidence either way (the kind of value, the asked attribute, a rare word): its result is
 * a feature of the fitted answer score, never a veto by itself.
 */
export interface CheckDefinition {
  name: CheckName;
  hard: boolean;
  /** Whether the question gives this check anything to compare. */
  applies(q: QuestionAnalysis): boolean;
  run(ctx: CheckContext): Check[];
  /** Why the nearest article does not answer, for a refusal in English (the Chinese comes with the check). */
  mismatchEn: string;
}
