import type { Decision } from '../decision/decide.js';
import type { Evidence } from '../evidence/types.js';
import type { QuestionAnalysis } from '../question/analyze.js';
import type { Answer } from '../types.js';
import { asksWhetherCollected, yesNoLead } from './yes-no.js';
import { listAnswer } from './list.js';
import { compareAnswer } from './compare.js';
import { whereAnswer } from './where.js';
import { extractiveAnswer } from './extractive.js';
import { unsureAnswer } from './unsure.js';
import { refusalAnswer } from './refusal.js';

/** Which shape answered, for /why. */
export type ShapePath = 'list' | 'compare' | 'where' | 'extractive' | 'unsure' | 'refusal';

/**
 * The shape stage: the answer the decision calls for, made of the evidence. A list is one line per
 * matching article; a comparison each subject's sentence, then the comparison; a where-question
 * the article's place in the bulletins; other questions one sentence per asked part; "not sure" the
 * closest sentences, labelled so; a refusal what the bulletins hold instead, or what the bot is for.
 */
export function shapeAnswer(
  q: QuestionAnalysis,
  evidence: Evidence,
  decision: Decision,
  issues: number,
): { answer: Answer; path: ShapePath } {
  const retrieved = evidence.retrieval.retrieved;
  const asked = q.followUp.how === 'none' ? undefined : q.standalone;
  const refusal = (reason = decision.groups[0]) =>
    refusalAnswer(
      q.original,
      q.language,
      issues,
      retrieved,
      reason ? { nearMiss: reason.nearMiss, unrelated: decision.unrelated } : undefined,
      asked,
    );

  if (evidence.list && !evidence.list.empty) {
    const yesNo = q.intent.kind !== 'list';
    if (decision.listFound) return { answer: listAnswer(q, evidence.list, retrieved, yesNo), path: 'list' };
    const r = refusal();
    return { answer: { ...r, text: yesNo ? `没有。${r.text}` : r.text }, path: 'list' };
  }
  if (evidence.groups.length > 1) return { answer: compareAnswer(q, evidence.groups, decision.groups, retrieved), path: 'compare' };
  const group = evidence.groups[0]!;
  const d = decision.groups[0]!;
  if (d.outcome === 'answer' && d.chosen) {
    if (q.intent.kind === 'where') return { answer: whereAnswer(q, d.chosen, group.terms, retrieved), path: 'where' };
    const lead = q.intent.kind === 'yesno' && !asksWhetherCollected(q) ? yesNoLead(q.focus, d.sentences[0]![0]!.sentence) : '';
    return { answer: extractiveAnswer(q, d.chosen, group.parts, d.sentences, retrieved, lead), path: 'extractive' };
  }
  if (d.outcome === 'unsure' && d.chosen) return { answer: unsureAnswer(q, d.chosen, d.sentences, retrieved), path: 'unsure' };
  return { answer: refusal(d), path: 'refusal' };
}
