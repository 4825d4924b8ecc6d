import type { BulletinSummary } from '../../domain/corpus.js';
import type { Answer } from '../types.js';
import type { QuestionAnalysis } from '../question/analyze.js';
import { answerMeta } from '../meta.js';
import { texts } from '../texts.js';
import { explainQuestion } from '../explain.js';
import { mastheadAnswer } from './masthead.js';

/**
 * Questions answered from the bulletins' covers, mastheads and tables of contents rather than by
 * search (which issues, what an issue holds, the editors and the phone number), and input with
 * nothing to search for. Null for every other question.
 */
export function catalogueAnswer(q: QuestionAnalysis, bulletins: BulletinSummary[]): Answer | null {
  const base = explainQuestion(q);
  // "[1,2,3]", stray bytes, punctuation: nothing to search for, and nothing to cite.
  if (!/\p{Script=Han}|[A-Za-z]{2,}/u.test(q.standalone))
    return {
      question: q.original,
      text: texts(q.language).notAQuestion,
      found: false,
      citations: [],
      retrieved: [],
      language: q.language,
      kind: 'refusal',
      explain: {
        ...base,
        candidates: [],
        decision: { path: 'refusal', answered: false, reason: 'no Chinese or English words in the question' },
      },
    };
  const meta = answerMeta(q.standalone, q.language, bulletins);
  if (meta)
    return {
      ...meta,
      question: q.original,
      explain: {
        ...base,
        candidates: [],
        decision: { path: 'meta', answered: meta.found, reason: 'answered from the covers and tables of contents' },
      },
    };
  if (q.intent.kind !== 'masthead') return null;
  const masthead = mastheadAnswer(q, bulletins);
  if (!masthead) return null;
  return {
    ...masthead,
    explain: { ...base, candidates: [], decision: { path: 'masthead', answered: true, reason: 'a field of the masthead' } },
  };
}
