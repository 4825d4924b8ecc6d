import { detectLanguage, englishToChineseTerms, extractFilters, type SearchFilters } from '../../search/query.js';
import type { Language } from '../../domain/language.js';
import type { Place } from '../../knowledge/places.js';
import type { Conversation } from '../types.js';
import { normalizeQuestion } from './normalize.js';
import { questionFocus } from './focus.js';
import { classifyIntent, type Intent } from './intent.js';
import { extractConstraints, type QuestionConstraints } from './constraints.js';
import { resolveFollowUp, type FollowUpResolution } from './follow-up.js';
import { askedAttribute, type AttributeGroup } from './attribute.js';
import { questionParts, type QuestionPartText } from './parts.js';
import { lexicon } from '../../knowledge/lexicon.js';

/** Everything the core reads from a question before it searches. */
export interface QuestionAnalysis {
  /** As typed (trimmed). */
  original: string;
  /** Normalised: simplified characters, ASCII digits, collapsed whitespace. */
  normalized: string;
  /** After follow-up resolution (the normalised question when it is not a follow-up). */
  standalone: string;
  followUp: FollowUpResolution;
  /** What retrieval and evidence read: the question part of a long question. */
  focus: string;
  language: Language;
  intent: Intent;
  filters: SearchFilters;
  constraints: QuestionConstraints;
  /** The words naming what a value question asks about ("总投资", "得分"), per clause that asks. */
  attribute: AttributeGroup[];
  /** What the question asks, one part per asking clause ("每年发多少？有效期多久？" has two). */
  parts: QuestionPartText[];
}

export interface AnalyzeOptions {
  /** Resolve follow-ups heuristically (no language model); with a model the rewriter does it. */
  resolveFollowUps: boolean;
  /** Place names beyond the gazetteer: the issuers in the corpus's own titles. */
  extraPlaces?: Map<string, Place[]>;
}

export function analyzeQuestion(raw: string, conversation: Conversation | undefined, options: AnalyzeOptions): QuestionAnalysis {
  const original = raw.trim();
  const normalized = normalizeQuestion(original);
  const followUp =
    options.resolveFollowUps && conversation?.history.length
      ? resolveFollowUp(normalized, conversation.history, options.extraPlaces)
      : { standalone: normalized, how: 'none' as const, detail: '' };
  return analyzeStandalone(original, normalized, followUp, options.extraPlaces);
}

/** The analysis of a question that is already standalone (e.g. rewritten by the language model). */
export function analyzeStandalone(
  original: string,
  normalized: string,
  followUp: FollowUpResolution,
  extraPlaces?: Map<string, Place[]>,
): QuestionAnalysis {
  const standalone = followUp.standalone;
  const focus = questionFocus(standalone);
  const language = detectLanguage(normalized);
  // An English question's places, years and institutions are read from the Chinese terms it maps to.
  const chineseTerms = language === 'en' ? englishToChineseTerms(focus) : [];
  const constraints = extractConstraints(language === 'en' ? `${focus} ${chineseTerms.join(' ')}` : focus, extraPlaces);
  const hasSubject = constraints.places.length > 0 || constraints.documents.length > 0 || constraints.institutions.length > 0;
  const intent = classifyIntent(focus, hasSubject, constraints.documents.length > 0);
  return {
    original,
    normalized,
    standalone,
    followUp,
    focus,
    language,
    intent,
    filters: extractFilters(standalone),
    constraints,
    attribute: intent.kind === 'value' || intent.kind === 'compare' ? attributeOf(focus, language) : [],
    parts: PARTED.has(intent.kind) ? questionParts(focus) : [{ text: focus, clause: focus }],
  };
}

/** Intents whose questions may ask several things at once; the others ask for one thing (a list, a place). */
const PARTED = new Set(['value', 'summary', 'general', 'yesno', 'compare']);

/** What a clause asks about; an English clause's is read from its Chinese terms, as the value word they stand before. */
export function attributeOf(text: string, language: QuestionAnalysis['language']): AttributeGroup[] {
  return askedAttribute(
    language === 'en'
      ? `${englishToChineseTerms(text).join(' ')} 多少`
      : // "哪个的规模目标更高" asks about 规模目标 as "规模目标是多少" would.
        text.replace(lexicon().degreeAdjective, '是多少'),
  );
}
