import type { QuestionAnalysis } from '../question/analyze.js';
import { documentCheck, institutionCheck } from './document.js';
import { placeChecks } from './place.js';
import { aboutQuestionCheck, asksValue, attributeCheck, quoteCheck, topicCheck, valueCheck } from './soft.js';
import type { Check, CheckContext, CheckDefinition, CheckName } from './types.js';
import { periodCheck, yearCheck } from './year.js';

/**
 * Every check of a candidate, in the order they run and are shown by /why. Hard checks are the
 * constraints a question states; soft checks feed the fitted answer score (decision/features.ts).
 */
export const CHECKS: CheckDefinition[] = [
  // A named document or issuer that is not the article says most plainly why it does not answer.
  {
    name: 'document',
    hard: true,
    applies: (q) => q.constraints.documents.length > 0,
    run: documentCheck,
    mismatchEn: 'it is another document',
  },
  {
    name: 'institution',
    hard: true,
    applies: (q) => q.constraints.institutions.length > 0,
    run: institutionCheck,
    mismatchEn: 'it was issued by another body',
  },
  { name: 'year', hard: true, applies: (q) => q.constraints.years.length > 0, run: yearCheck, mismatchEn: 'it gives another year' },
  { name: 'period', hard: true, applies: (q) => q.constraints.months !== null, run: periodCheck, mismatchEn: 'it gives another period' },
  {
    name: 'place',
    hard: true,
    applies: (q) => q.constraints.places.length > 0 || q.constraints.level !== null,
    // One function for place and level: the level is read against the same issuer.
    run: (ctx) => placeChecks(ctx.q, ctx.article, ctx.window, ctx.articleText),
    mismatchEn: 'it is about another place',
  },
  {
    name: 'quote',
    hard: false,
    applies: (q) => q.constraints.quotes.length > 0,
    run: quoteCheck,
    mismatchEn: 'it does not contain the quoted words',
  },
  {
    name: 'about',
    // Not a word the evidence lacks but whether the article is about the question at all: it vetoes.
    hard: true,
    applies: (q) => q.intent.kind === 'general' || q.intent.kind === 'summary',
    run: aboutQuestionCheck,
    mismatchEn: 'it is about something else',
  },
  { name: 'topic', hard: false, applies: () => true, run: topicCheck, mismatchEn: 'it is about something else' },
  { name: 'value', hard: false, applies: asksValue, run: valueCheck, mismatchEn: 'it gives no figure of the kind asked' },
  {
    name: 'attribute',
    hard: false,
    applies: (q) => q.attribute.length > 0,
    run: attributeCheck,
    mismatchEn: 'its figure is about something else',
  },
];

const byName = new Map<CheckName, CheckDefinition>(CHECKS.map((c) => [c.name, c]));
// The level is produced by the place check; it vetoes like it.
byName.set('level', { ...byName.get('place')!, name: 'level', mismatchEn: 'it is from another level of government' });

export function checkDefinition(name: CheckName): CheckDefinition {
  return byName.get(name)!;
}

export function isHard(check: Check): boolean {
  return checkDefinition(check.name).hard;
}

/** The checks that apply to a question, run on one candidate window, in registry order. */
export function runChecks(ctx: CheckContext, which: 'hard' | 'soft' | 'all' = 'all'): Check[] {
  return CHECKS.filter((c) => (which === 'all' || c.hard === (which === 'hard')) && c.applies(ctx.q)).flatMap((c) => c.run(ctx));
}

export function appliesAny(q: QuestionAnalysis, which: 'hard' | 'soft'): boolean {
  return CHECKS.some((c) => c.hard === (which === 'hard') && c.applies(q));
}
